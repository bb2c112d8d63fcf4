package dev.jacorn.adapter.session;

import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.ListenerInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.concurrent.atomic.AtomicReference;
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
            AtomicReference<SharedSessionManager> manager = new AtomicReference<>();
            info.setSessionManagerFactory(deployment -> {
                manager.set(new SharedSessionManager(sessions, deployment));
                return manager.get();
            });
            // Undertow starts and stops a session manager only with a persistence manager: ours
            // follows the application's context instead (joins the reaper; passivates at undeploy).
            info.addListener(new ListenerInfo(ServletContextListener.class, new ImmediateInstanceFactory<>(
                    new ServletContextListener() {
                        @Override
                        public void contextInitialized(ServletContextEvent event) {
                            manager.get().start();
                        }

                        @Override
                        public void contextDestroyed(ServletContextEvent event) {
                            manager.get().stop();
                        }
                    })));
            info.setExceptionHandler(new SessionStoreFailures());
        }
    }
}
