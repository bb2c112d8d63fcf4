package dev.jacorn.adapter;

import io.undertow.security.idm.Account;
import io.undertow.security.idm.Credential;
import io.undertow.security.idm.IdentityManager;
import io.undertow.security.idm.PasswordCredential;
import java.security.MessageDigest;
import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Undertow's view of a {@link Realm}: checks a user name and password, and answers with the
 * user's roles. BASIC sends the password with every request and PBKDF2 is slow on purpose, so a
 * password that verified once is remembered as its SHA-256 fingerprint (per user, in memory only,
 * replaced if a different password verifies); a wrong password always pays the full PBKDF2 cost.
 * Called on request threads; thread-safe.
 */
final class RealmIdentityManager implements IdentityManager {

    private final Realm realm;
    private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

    RealmIdentityManager(Realm realm) {
        this.realm = realm;
    }

    @Override
    public Account verify(Account account) {
        return account;
    }

    @Override
    public Account verify(String id, Credential credential) {
        Realm.User user = realm.user(id);
        if (user == null || !(credential instanceof PasswordCredential password)) {
            return null;
        }
        char[] typed = password.getPassword();
        byte[] fingerprint = PasswordHash.fingerprint(typed);
        byte[] known = verified.get(id);
        if (known == null || !MessageDigest.isEqual(known, fingerprint)) {
            if (!user.password().matches(typed)) {
                return null;
            }
            verified.put(id, fingerprint);
        }
        return new RealmAccount(new UserPrincipal(user.name()), user.roles());
    }

    @Override
    public Account verify(Credential credential) {
        return null;
    }

    private record UserPrincipal(String getName) implements Principal {
    }

    private record RealmAccount(Principal getPrincipal, Set<String> getRoles) implements Account {
    }
}
