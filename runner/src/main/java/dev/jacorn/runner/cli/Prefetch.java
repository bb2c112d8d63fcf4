package dev.jacorn.runner.cli;

import java.lang.management.ManagementFactory;

/**
 * Loads and initialises, on a background thread, the classes every start needs but the main
 * thread only reaches after the command line and the logging: XNIO and its platform MBean server,
 * Undertow's HTTP and servlet cores, and Jandex. Start-up is otherwise a single thread of class
 * loading; on a machine with a second core this overlaps the two halves, the way Spring Boot's
 * background pre-initializer does. With the in-code logging it took the hello WAR's first 200 from
 * 0.99 s to 0.75 s (medians of twelve interleaved starts on two cores, BENCHMARKS.md).
 *
 * <p>It only ever asks for classes the main thread would load anyway and for the platform MBean
 * server, which XNIO registers its workers with; class initialisation is thread-safe by the JVM's
 * rules, and a failure here is ignored because the main thread meets (and reports) the same one.
 */
final class Prefetch implements Runnable {

    /** In the order the main thread needs them. */
    private static final String[] CLASSES = {
        "org.jboss.jandex.Indexer",
        "io.undertow.Undertow",
        "org.xnio.nio.NioXnioProvider",
        "io.undertow.util.Headers",
        "io.undertow.util.Methods",
        "io.undertow.util.StatusCodes",
        "io.undertow.server.HttpServerExchange",
        "io.undertow.server.protocol.http.HttpOpenListener",
        "io.undertow.server.protocol.http.HttpReadListener",
        "io.undertow.server.protocol.http.HttpServerConnection",
        "io.undertow.server.protocol.http.HttpResponseConduit",
        "io.undertow.servlet.Servlets",
        "io.undertow.servlet.core.DeploymentManagerImpl",
        "io.undertow.servlet.core.ServletContainerImpl",
        "io.undertow.servlet.handlers.ServletInitialHandler",
        "io.undertow.servlet.spec.HttpServletRequestImpl",
        "io.undertow.servlet.spec.HttpServletResponseImpl",
        "io.undertow.servlet.spec.ServletContextImpl",
        "io.micrometer.core.instrument.composite.CompositeMeterRegistry",
    };

    private Prefetch() {
    }

    /** Starts the prefetch on a daemon thread, which never holds the JVM open. */
    static void start() {
        Thread thread = new Thread(new Prefetch(), "jacorn-prefetch");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    @Override
    public void run() {
        ClassLoader loader = Prefetch.class.getClassLoader();
        for (String name : CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError ignored) {
                // The main thread loads it again and reports what is wrong.
            }
        }
        try {
            ManagementFactory.getPlatformMBeanServer();
        } catch (RuntimeException | Error ignored) {
            // XNIO asks for it again on the main thread.
        }
    }
}
