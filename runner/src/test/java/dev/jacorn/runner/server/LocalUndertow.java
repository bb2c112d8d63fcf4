package dev.jacorn.runner.server;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An Undertow listener on 127.0.0.1 at a free port, started in the test's own JVM, with two request
 * threads named "request-thread" for its handlers to dispatch to, as a worker's pool. Register as
 * an instance {@code @RegisterExtension} field; after each test it stops the server and the threads.
 */
final class LocalUndertow implements AfterEachCallback {

    private final ExecutorService requestThreads = Executors.newFixedThreadPool(2, task -> new Thread(task, "request-thread"));
    private Undertow server;

    ExecutorService requestThreads() {
        return requestThreads;
    }

    /** Serves {@code handler} with Undertow's default settings; returns the port. */
    int serve(HttpHandler handler) {
        return serve(Undertow.builder(), handler);
    }

    /** Serves {@code handler} with the settings already made on {@code builder}; returns the port. */
    int serve(Undertow.Builder builder, HttpHandler handler) {
        server = builder.addHttpListener(0, "127.0.0.1").setHandler(handler).build();
        server.start();
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (server != null) {
            server.stop();
        }
        requestThreads.shutdownNow();
    }
}
