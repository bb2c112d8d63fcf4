package dev.jacorn.sample.classic;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Declared in web.xml. Records that it ran in the context attribute {@code classic.listener},
 * which {@code /config} prints, and prints one line at start and one at destroy. It also opens
 * the list {@code classic.initialized} in which servlets note their {@code init()}, so that
 * {@code /config} can show which servlets load-on-startup created before the first request.
 */
public class StartupListener implements ServletContextListener {

    static final String ATTRIBUTE = "classic.listener";
    static final String INITIALIZED = "classic.initialized";

    /** Notes that the named servlet ran {@code init()}; called from the servlets' own init. */
    @SuppressWarnings("unchecked")
    static void noteInitialized(ServletContext context, String servletName) {
        ((List<String>) context.getAttribute(INITIALIZED)).add(servletName);
    }

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        sce.getServletContext().setAttribute(ATTRIBUTE, "started");
        sce.getServletContext().setAttribute(INITIALIZED, new CopyOnWriteArrayList<String>());
        System.out.println("classic: context initialized");
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        System.out.println("classic: context destroyed");
    }
}
