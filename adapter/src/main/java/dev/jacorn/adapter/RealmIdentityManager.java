package dev.jacorn.adapter;

import io.undertow.security.idm.Account;
import io.undertow.security.idm.Credential;
import io.undertow.security.idm.IdentityManager;
import io.undertow.security.idm.PasswordCredential;
import io.undertow.security.idm.X509CertificateCredential;
import java.security.Principal;
import java.util.Set;

/**
 * Undertow's view of a {@link Realm}: checks a user name and password with
 * {@link Realm#authenticate} (equal cost for unknown users, lockout, cache of verified
 * passwords), or a client certificate (CLIENT-CERT: Undertow's
 * {@code ClientCertAuthenticationMechanism} passes the verified peer certificate) with
 * {@link Realm#certificateUser}, and answers with the user's roles. Called on request threads;
 * thread-safe.
 */
final class RealmIdentityManager implements IdentityManager {

    private final Realm realm;

    RealmIdentityManager(Realm realm) {
        this.realm = realm;
    }

    @Override
    public Account verify(Account account) {
        return account;
    }

    @Override
    public Account verify(String id, Credential credential) {
        if (!(credential instanceof PasswordCredential password)) {
            return null;
        }
        Realm.User user = realm.authenticate(id, password.getPassword());
        return user == null ? null : account(user);
    }

    @Override
    public Account verify(Credential credential) {
        if (!(credential instanceof X509CertificateCredential certificate)) {
            return null;
        }
        Realm.User user = realm.certificateUser(certificate.getCertificate().getSubjectX500Principal());
        return user == null ? null : account(user);
    }

    private static Account account(Realm.User user) {
        return new RealmAccount(new UserPrincipal(user.name()), user.roles());
    }

    private record UserPrincipal(String getName) implements Principal {
    }

    private record RealmAccount(Principal getPrincipal, Set<String> getRoles) implements Account {
    }
}
