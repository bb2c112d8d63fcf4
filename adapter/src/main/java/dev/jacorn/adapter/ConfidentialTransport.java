package dev.jacorn.adapter;

import io.undertow.security.idm.Account;
import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.api.AuthorizationManager;
import io.undertow.servlet.api.ConfidentialPortManager;
import io.undertow.servlet.api.Deployment;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.api.SingleConstraintMatch;
import io.undertow.servlet.api.TransportGuaranteeType;
import io.undertow.servlet.core.DefaultAuthorizationManager;
import io.undertow.servlet.handlers.ServletRequestContext;
import io.undertow.util.AttachmentKey;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * What a {@code CONFIDENTIAL} (or {@code INTEGRAL}) transport guarantee does to a request that
 * did not arrive over TLS: a redirect to the same host on the HTTPS port the server attached to
 * the exchange ({@link #HTTPS_PORT}), or 403 when it attached none (no HTTPS listener, or a proxy
 * in between whose HTTPS port is unknown). Undertow alone needs a {@link ConfidentialPortManager}
 * and, without one, answers 500 and logs a {@code NullPointerException}.
 *
 * <p>Every other authorization decision is Undertow's default. Called on request threads; stateless.
 */
public final class ConfidentialTransport implements ConfidentialPortManager, AuthorizationManager {

    /**
     * The port of the server's HTTPS listener, attached by the server to a request that came over
     * a cleartext connection straight from the client; absent when there is none to redirect to.
     */
    public static final AttachmentKey<Integer> HTTPS_PORT = AttachmentKey.create(Integer.class);

    private static final ConfidentialTransport INSTANCE = new ConfidentialTransport();

    private ConfidentialTransport() {
    }

    /** Installs the redirect-or-403 behaviour on a deployment. */
    static void register(DeploymentInfo info) {
        info.setConfidentialPortManager(INSTANCE);
        info.setAuthorizationManager(INSTANCE);
    }

    @Override
    public int getConfidentialPort(HttpServerExchange exchange) {
        Integer port = exchange.getAttachment(HTTPS_PORT);
        return port == null ? -1 : port;
    }

    @Override
    public TransportGuaranteeType transportGuarantee(TransportGuaranteeType current, TransportGuaranteeType required,
                                                     HttpServletRequest request) {
        boolean wanted = required == TransportGuaranteeType.CONFIDENTIAL || required == TransportGuaranteeType.INTEGRAL;
        if (wanted && current == TransportGuaranteeType.NONE) {
            ServletRequestContext context = ServletRequestContext.current();
            if (context == null || getConfidentialPort(context.getExchange()) < 0) {
                // Nowhere to redirect: refused (403) instead of Undertow's 500.
                return TransportGuaranteeType.REJECTED;
            }
        }
        return required;
    }

    @Override
    public boolean isUserInRole(String role, Account account, ServletInfo servlet, HttpServletRequest request,
                                Deployment deployment) {
        return DefaultAuthorizationManager.INSTANCE.isUserInRole(role, account, servlet, request, deployment);
    }

    @Override
    public boolean canAccessResource(List<SingleConstraintMatch> constraints, Account account, ServletInfo servlet,
                                     HttpServletRequest request, Deployment deployment) {
        return DefaultAuthorizationManager.INSTANCE.canAccessResource(constraints, account, servlet, request, deployment);
    }
}
