package dev.jacorn.adapter.session;

import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.ServletSessionConfig;

/** Puts Jacorn's sessions into a deployment: the shared store, the cookie flags, the 503 for an unreachable store. */
public final class SessionSetup {

    /** The SameSite value when no shared sessions say otherwise (a deployment for {@code --check-config}). */
    public static final String DEFAULT_SAME_SITE = "Lax";

    private SessionSetup() {
    }

    /** Before the descriptor is read: the session cookie is HttpOnly unless web.xml's cookie-config says otherwise. */
    public static void defaults(DeploymentInfo info) {
        info.setServletSessionConfig(new ServletSessionConfig().setHttpOnly(true));
    }

    /**
     * @param sessions the application's shared sessions, or null to keep Undertow's in-memory
     *     sessions of this deployment alone
     * @param secureDeclared whether web.xml's cookie-config declares {@code <secure>}
     */
    public static void apply(DeploymentInfo info, SharedSessions sessions, boolean secureDeclared) {
        info.setSessionConfigWrapper(new SessionCookieFlags(secureDeclared,
                sessions == null ? DEFAULT_SAME_SITE : sessions.sameSite()));
        if (sessions != null) {
            info.setSessionManagerFactory(SharedSessionManager.factory(sessions));
            info.setExceptionHandler(new SessionStoreFailures());
        }
    }
}
