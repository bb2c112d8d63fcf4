package dev.jacorn.runner.cli;

import io.undertow.util.DateUtils;
import java.io.IOException;
import java.io.InputStream;
import java.util.Date;
import org.jboss.jandex.Indexer;

/**
 * Loads and initialises, on a background thread, the classes every start needs but the main
 * thread only reaches after the command line and the logging: Jandex, XNIO, Undertow's HTTP and
 * servlet cores, and what the first request meets after the workers are READY. Start-up is
 * otherwise a single thread of class loading; on a machine with a second core this overlaps the
 * two halves, the way Spring Boot's background pre-initializer does. With the in-code logging it
 * took the hello WAR's first 200 from 0.99 s to 0.75 s (medians of twelve interleaved starts on
 * two cores, BENCHMARKS.md).
 *
 * <p>It only ever runs code the main thread or the first request would run anyway, on data of its
 * own; class initialisation is thread-safe by the JVM's rules, and a failure here is ignored
 * because the main thread meets (and reports) the same one.
 */
final class Prefetch implements Runnable {

    /** In the order the main thread needs them. */
    private static final String[] CLASSES = {
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
        // The first request's path, which runs after every worker is READY.
        "org.xnio.nio.NioSocketStreamConnection",
        "org.xnio.ChannelListeners",
        "org.xnio.conduits.Conduits",
        "io.undertow.server.Connectors",
        "io.undertow.server.protocol.http.ServerFixedLengthStreamSinkConduit",
        "io.undertow.conduits.ReadDataStreamSourceConduit",
        "io.undertow.server.handlers.HostHeaderHandler",
        "io.undertow.util.Cookies",
        "io.undertow.util.LegacyCookieSupport",
        "io.undertow.servlet.handlers.ServletRequestContext",
        "io.undertow.servlet.core.ServletBlockingHttpExchange",
        "io.undertow.security.impl.SecurityContextImpl",
        "io.undertow.servlet.spec.AsyncContextImpl",
        "io.undertow.servlet.spec.ServletPrintWriter",
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
        indexOneClass();
        ClassLoader loader = Prefetch.class.getClassLoader();
        for (String name : CLASSES) {
            try {
                Class.forName(name, true, loader);
            } catch (ClassNotFoundException | LinkageError ignored) {
                // The main thread loads it again and reports what is wrong.
            }
        }
        try {
            // Every response's Date header: the JDK's date format, calendar and time-zone names.
            DateUtils.toDateString(new Date());
        } catch (RuntimeException | LinkageError ignored) {
            // The first response meets it again.
        }
    }

    /**
     * Indexes this class's own bytes with Jandex, which the main thread does to every application
     * (ClassIndex): loading the indexer's classes is not enough, its first index loads and links
     * some eighty more (the class-file reader, the annotation and type model): the hello WAR's
     * index took 95 ms on the main thread without this, 27-42 ms with it.
     */
    private static void indexOneClass() {
        try (InputStream in = Prefetch.class.getResourceAsStream("Prefetch.class")) {
            if (in != null) {
                Indexer indexer = new Indexer();
                indexer.index(in);
                indexer.complete();
            }
        } catch (IOException | RuntimeException | LinkageError ignored) {
            // The main thread indexes the application and reports what is wrong.
        }
    }
}
