package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.security.idm.Account;
import io.undertow.security.idm.PasswordCredential;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RealmTest {

    @TempDir
    Path dir;

    @Test
    void aHashIsSaltedAndMatchesOnlyItsPassword() {
        String first = PasswordHash.hash("s3cret".toCharArray());
        String second = PasswordHash.hash("s3cret".toCharArray());
        assertNotEquals(first, second, "a fresh salt each time");
        assertTrue(first.startsWith("pbkdf2-sha256$600000$"), first);
        assertTrue(PasswordHash.parse(first).matches("s3cret".toCharArray()));
        assertFalse(PasswordHash.parse(first).matches("s3cret ".toCharArray()));
        assertEquals(first, PasswordHash.parse(first).toString());
    }

    @Test
    void theRealmFileGivesUsersTheirRolesAndRefusesEveryoneElse() throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, "# comment\n\nadmin:" + PasswordHash.hash("admin".toCharArray()) + ":admin, user\n"
                + "bob:" + PasswordHash.hash("bob".toCharArray()) + "\n");
        RealmIdentityManager identities = new RealmIdentityManager(Realm.read(file));

        Account admin = identities.verify("admin", new PasswordCredential("admin".toCharArray()));
        assertEquals("admin", admin.getPrincipal().getName());
        assertEquals(Set.of("admin", "user"), admin.getRoles());
        // Again, from the cache of verified passwords; a wrong one still fails afterwards.
        assertEquals(Set.of("admin", "user"), identities.verify("admin", new PasswordCredential("admin".toCharArray())).getRoles());
        assertNull(identities.verify("admin", new PasswordCredential("bob".toCharArray())));
        assertEquals(Set.of(), identities.verify("bob", new PasswordCredential("bob".toCharArray())).getRoles());
        assertNull(identities.verify("carol", new PasswordCredential("carol".toCharArray())));
        assertNull(new RealmIdentityManager(Realm.EMPTY).verify("admin", new PasswordCredential("admin".toCharArray())));
    }

    @Test
    void aMalformedLineIsNamedWithItsNumber() throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, "# users\nadmin:plain-text:admin\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Realm.read(file));
        assertEquals("line 2 of the realm file " + file + " is not valid: a password must be a hash"
                + " pbkdf2-sha256$ITERATIONS$SALT$HASH, as printed by java -jar runner.jar hash-password", e.getMessage());

        Files.writeString(file, "admin\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Realm.read(file)).getMessage()
                .endsWith("expected name:password-hash:role,role"));
        Files.writeString(file, "a:pbkdf2-sha256$1000$c2FsdHNhbHQ$" + "A".repeat(43) + ":x\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Realm.read(file)).getMessage()
                .contains("too weak"));
    }
}
