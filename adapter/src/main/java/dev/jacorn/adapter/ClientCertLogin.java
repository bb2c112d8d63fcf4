package dev.jacorn.adapter;

import io.undertow.security.api.AuthenticationMechanism;
import io.undertow.security.api.AuthenticationMechanismFactory;
import io.undertow.security.api.SecurityContext;
import io.undertow.security.idm.IdentityManager;
import io.undertow.security.impl.ClientCertAuthenticationMechanism;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.form.FormParserFactory;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.util.StatusCodes;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * {@code <auth-method>CLIENT-CERT</auth-method>}: Undertow's {@link ClientCertAuthenticationMechanism}
 * (the verified TLS peer certificate, looked up in the {@link Realm} by its subject), with two
 * choices of our own:
 * <ul>
 *   <li>no TLS renegotiation to ask for a certificate the handshake did not bring (TLS 1.3 has
 *       none, HTTP/2 forbids it), so the certificate must come with the handshake
 *       ({@code --cert-reqs optional} or {@code required});</li>
 *   <li>when no user was authenticated over TLS (no certificate, or one whose subject is not a
 *       certificate user of the realm) the answer is Tomcat's, 401; over a cleartext connection,
 *       where no certificate can ever come, it is 403 (Tomcat: 401). Undertow alone answers 403
 *       in every case.</li>
 * </ul>
 * A user who is authenticated but lacks the role gets 403, as with every login method.
 */
final class ClientCertLogin extends ClientCertAuthenticationMechanism {

    private static final AuthenticationMechanismFactory FACTORY = new AuthenticationMechanismFactory() {
        @Override
        public AuthenticationMechanism create(String mechanismName, IdentityManager identityManager,
                                              FormParserFactory formParserFactory, Map<String, String> properties) {
            return new ClientCertLogin(mechanismName, identityManager);
        }
    };

    private ClientCertLogin(String mechanismName, IdentityManager identityManager) {
        super(mechanismName, false, identityManager);
    }

    /** Makes {@code CLIENT_CERT} in the deployment's login config mean this mechanism. */
    static void register(DeploymentInfo info) {
        info.addAuthenticationMechanism(HttpServletRequest.CLIENT_CERT_AUTH, FACTORY);
    }

    @Override
    public ChallengeResult sendChallenge(HttpServerExchange exchange, SecurityContext securityContext) {
        if (exchange.getConnection().getSslSessionInfo() == null) {
            return ChallengeResult.NOT_SENT;
        }
        return new ChallengeResult(true, StatusCodes.UNAUTHORIZED);
    }
}
