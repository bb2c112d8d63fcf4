package dev.jacorn.adapter.session;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.session.SessionConfig;
import io.undertow.servlet.api.Deployment;
import io.undertow.servlet.api.SessionConfigWrapper;
import io.undertow.servlet.spec.SessionCookieConfigImpl;

/**
 * Safe flags on the session cookie, where the application's {@code <cookie-config>} says nothing:
 * {@code Secure} when the request came over HTTPS (directly, or through a trusted proxy), and a
 * {@code SameSite} attribute. ({@code HttpOnly} by default is set on the deployment's session
 * config, which web.xml then overrides.) With cookie tracking on, the session id is read from the
 * {@code Cookie} header directly when it is in its plain form ({@link SessionCookieHeader}).
 */
public final class SessionCookieFlags implements SessionConfigWrapper {

    private final boolean secureDeclared;
    private final String sameSite;

    /**
     * @param secureDeclared whether web.xml's cookie-config says {@code <secure>} (either way): then it decides
     * @param sameSite the SameSite value, or null for none
     */
    public SessionCookieFlags(boolean secureDeclared, String sameSite) {
        this.secureDeclared = secureDeclared;
        this.sameSite = sameSite;
    }

    @Override
    public SessionConfig wrap(SessionConfig config, Deployment deployment) {
        SessionCookieConfigImpl cookies = config instanceof SessionCookieConfigImpl c ? c : null;
        return new SessionConfig() {
            @Override
            public void setSessionId(HttpServerExchange exchange, String sessionId) {
                config.setSessionId(exchange, sessionId);
                flag(exchange, deployment);
            }

            @Override
            public void clearSession(HttpServerExchange exchange, String sessionId) {
                config.clearSession(exchange, sessionId);
                flag(exchange, deployment);
            }

            @Override
            public String findSessionId(HttpServerExchange exchange) {
                return cookies == null ? config.findSessionId(exchange)
                        : SessionCookieHeader.sessionId(exchange, cookies);
            }

            @Override
            public SessionCookieSource sessionCookieSource(HttpServerExchange exchange) {
                return config.sessionCookieSource(exchange);
            }

            @Override
            public String rewriteUrl(String originalUrl, String sessionId) {
                return config.rewriteUrl(originalUrl, sessionId);
            }
        };
    }

    private void flag(HttpServerExchange exchange, Deployment deployment) {
        String name = deployment.getServletContext().getSessionCookieConfig().getName();
        for (Cookie cookie : exchange.responseCookies()) {
            if (cookie.getName().equals(name)) {
                if (!secureDeclared && exchange.isSecure()) {
                    cookie.setSecure(true);
                }
                if (sameSite != null && cookie.getSameSiteMode() == null
                        && cookie.getAttribute(Cookie.COOKIE_SAME_SITE_ATTR) == null) {
                    cookie.setSameSiteMode(sameSite);
                }
            }
        }
    }
}
