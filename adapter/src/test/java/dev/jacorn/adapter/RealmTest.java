package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.security.idm.Account;
import io.undertow.security.idm.PasswordCredential;
import io.undertow.security.idm.X509CertificateCredential;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
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
        assertNull(new RealmIdentityManager(Realm.empty()).verify("admin", new PasswordCredential("admin".toCharArray())));
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

    /** A realm of alice (password "right", 20,000 iterations) and a clock the test moves. */
    private Realm aliceRealm(long[] clock) throws IOException {
        return aliceRealm(clock, java.time.Duration.ofMinutes(5));
    }

    private Realm aliceRealm(long[] clock, java.time.Duration lockoutTime) throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, "alice:" + PasswordHash.hash("right".toCharArray(), 20_000) + ":user\n");
        return Realm.read(file, new Realm.Lockout(5, lockoutTime), () -> clock[0]);
    }

    @Test
    void anUnknownUserCostsAsManyPbkdf2RoundsAsAKnownUserWithAWrongPassword() throws IOException {
        Realm realm = aliceRealm(new long[] {0});
        long before = realm.iterationsSpent();
        assertNull(realm.authenticate("alice", "wrong".toCharArray()));
        long known = realm.iterationsSpent() - before;
        assertNull(realm.authenticate("mallory", "wrong".toCharArray()));
        long unknown = realm.iterationsSpent() - before - known;
        assertEquals(20_000, known);
        assertEquals(known, unknown, "an unknown user is checked against a dummy hash of the same cost");
        long empty = Realm.empty().iterationsSpent();
        Realm none = Realm.empty();
        assertNull(none.authenticate("admin", "admin".toCharArray()));
        assertEquals(empty + PasswordHash.ITERATIONS, none.iterationsSpent(), "no realm file: still a full check");
    }

    @Test
    void fiveFailuresLockAUserOutForFiveMinutesEvenWithTheRightPassword() throws IOException {
        long[] clock = {0};
        Realm realm = aliceRealm(clock);
        for (int i = 0; i < 5; i++) {
            assertNull(realm.authenticate("alice", ("guess" + i).toCharArray()));
        }
        long before = realm.iterationsSpent();
        assertNull(realm.authenticate("alice", "right".toCharArray()), "locked out");
        assertEquals(20_000, realm.iterationsSpent() - before, "a locked-out login costs the same as any other");
        clock[0] += java.time.Duration.ofMinutes(4).toNanos();
        assertNull(realm.authenticate("alice", "right".toCharArray()), "still locked out after 4 minutes");
        clock[0] += java.time.Duration.ofMinutes(1).toNanos();
        assertEquals("alice", realm.authenticate("alice", "right".toCharArray()).name(), "unlocked after 5 minutes");
    }

    @Test
    void failuresBelowTheLimitDoNotLockAndASuccessResetsThem() throws IOException {
        Realm realm = aliceRealm(new long[] {0});
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                assertNull(realm.authenticate("alice", "wrong".toCharArray()));
            }
            assertEquals("alice", realm.authenticate("alice", "right".toCharArray()).name());
        }
    }

    @Test
    void aVerifiedPasswordIsRememberedForAMinute() throws IOException {
        long[] clock = {0};
        Realm realm = aliceRealm(clock);
        long start = realm.iterationsSpent();
        assertEquals("alice", realm.authenticate("alice", "right".toCharArray()).name());
        assertEquals("alice", realm.authenticate("alice", "right".toCharArray()).name());
        assertEquals(20_000, realm.iterationsSpent() - start, "the second login came from the cache");
        assertNull(realm.authenticate("alice", "wrong".toCharArray()), "a wrong password is never a cache hit");
        assertEquals(40_000, realm.iterationsSpent() - start);
        clock[0] += Realm.CACHE_TIME.toNanos();
        assertEquals("alice", realm.authenticate("alice", "right".toCharArray()).name());
        assertEquals(60_000, realm.iterationsSpent() - start, "expired: checked again");

    }

    @Test
    void aLockoutForgetsTheCachedPassword() throws IOException {
        long[] clock = {0};
        Realm realm = aliceRealm(clock, java.time.Duration.ofSeconds(10)); // shorter than the cache time
        assertEquals("alice", realm.authenticate("alice", "right".toCharArray()).name());
        for (int i = 0; i < 5; i++) {
            realm.authenticate("alice", "wrong".toCharArray());
        }
        clock[0] += java.time.Duration.ofSeconds(10).toNanos();
        long beforeUnlock = realm.iterationsSpent();
        assertEquals("alice", realm.authenticate("alice", "right".toCharArray()).name());
        assertEquals(20_000, realm.iterationsSpent() - beforeUnlock, "the lockout dropped the cached password");
    }

    @Test
    void aUserWithoutAHashIsACertificateUserMatchedByItsSubjectInCanonicalForm() throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, "CN=CTS, OU=Java Software, O=Sun Microsystems Inc., L=Burlington, ST=MA, C=US"
                + "::Administrator\n"
                + "CN=Time\\3A Keeper,O=Example::clock\n"
                + "admin:" + PasswordHash.hash("admin".toCharArray(), 20_000) + ":admin\n");
        Realm realm = Realm.read(file);
        assertEquals(3, realm.size());
        assertEquals(2, realm.certificateUsers());

        // The certificate's own RFC 2253 form has no blanks after the commas; case does not matter either.
        Realm.User cts = realm.certificateUser(new X500Principal(
                "CN=CTS,OU=Java Software,O=Sun Microsystems Inc.,L=Burlington,ST=MA,C=US"));
        assertEquals("CN=CTS, OU=Java Software, O=Sun Microsystems Inc., L=Burlington, ST=MA, C=US", cts.name(),
                "the name as the file writes it");
        assertEquals(Set.of("Administrator"), cts.roles());
        assertTrue(cts.isCertificateUser());
        assertEquals(cts, realm.certificateUser(new X500Principal(
                "cn=cts, ou=java software, o=sun microsystems inc., l=burlington, st=ma, c=us")));
        assertEquals(Set.of("clock"), realm.certificateUser(new X500Principal("CN=Time: Keeper,O=Example")).roles());

        // Another subject, a subject in another order, and a password user's name are not certificate users.
        assertNull(realm.certificateUser(new X500Principal("CN=CTS,OU=Java Software,O=Sun Microsystems Inc.,C=US")));
        assertNull(realm.certificateUser(new X500Principal(
                "C=US,ST=MA,L=Burlington,O=Sun Microsystems Inc.,OU=Java Software,CN=CTS")));
        assertNull(realm.certificateUser(new X500Principal("CN=admin")));

        // A certificate user never logs in with a password, and the refusal costs the same as any other.
        long before = realm.iterationsSpent();
        assertNull(realm.authenticate("CN=Time\\3A Keeper,O=Example", "".toCharArray()));
        assertNull(realm.authenticate("CN=Time\\3A Keeper,O=Example", new char[0]));
        assertEquals(40_000, realm.iterationsSpent() - before);
        assertEquals("admin", realm.authenticate("admin", "admin".toCharArray()).name());
    }

    @Test
    void aMissingHashNeedsASubjectAndTwoLinesMayNotNameTheSameSubject() throws IOException {
        Path file = dir.resolve("users");
        Files.writeString(file, "admin::admin\n");
        assertEquals("line 1 of the realm file " + file + " is not valid: user admin has no password hash, so it is a"
                + " client-certificate user and its name must be a certificate subject such as CN=admin,O=Example (or"
                + " give it a hash printed by java -jar runner.jar hash-password)",
                assertThrows(IllegalArgumentException.class, () -> Realm.read(file)).getMessage());

        Files.writeString(file, "CN=alice,O=Example::user\n\ncn=Alice, o=example::admin\n");
        assertEquals("line 3 of the realm file " + file + " is not valid: user cn=Alice, o=example is the same"
                + " certificate subject as user CN=alice,O=Example",
                assertThrows(IllegalArgumentException.class, () -> Realm.read(file)).getMessage());
    }

    @Test
    void theIdentityManagerLogsInTheCertificateUserOfAClientCertificateAndNoOneElse() throws Exception {
        X509Certificate alice;
        try (InputStream in = RealmTest.class.getResourceAsStream("/certificates/alice.pem")) {
            alice = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertEquals("CN=Alice Admin,O=Jacorn Test", alice.getSubjectX500Principal().getName());
        Path file = dir.resolve("users");
        Files.writeString(file, "CN=Alice Admin, O=Jacorn Test::admin,user\n");
        RealmIdentityManager identities = new RealmIdentityManager(Realm.read(file));

        Account account = identities.verify(new X509CertificateCredential(alice));
        assertEquals("CN=Alice Admin, O=Jacorn Test", account.getPrincipal().getName());
        assertEquals(Set.of("admin", "user"), account.getRoles());
        assertNull(identities.verify("CN=Alice Admin, O=Jacorn Test", new PasswordCredential(new char[0])),
                "a certificate user has no password to log in with");

        Files.writeString(file, "CN=Alice Admin,O=Other::admin\n"
                + "CN=Alice Admin,O=Jacorn Test:" + PasswordHash.hash("pw".toCharArray(), 20_000) + ":admin\n");
        assertNull(new RealmIdentityManager(Realm.read(file)).verify(new X509CertificateCredential(alice)),
                "another subject, and a password user, are not that certificate's user");
        assertNull(new RealmIdentityManager(Realm.empty()).verify(new X509CertificateCredential(alice)));
    }
}
