package dev.jacorn.runner.supervise;

import dev.jacorn.runner.http.Refusal;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * The handler behind every listener. It finds the application whose context path matches the
 * request (longest first) and hands the request to that application's least busy READY worker.
 * A draining worker receives nothing new (one that starts draining while a request is handed to
 * it refuses it, and the next READY worker takes it); the connections belong to the server, so
 * keep-alive connections survive every change of workers.
 *
 * <p>Runs on I/O threads; the worker lists are copy-on-write and changed only by the arbiter.
 * When {@link #closeConnections()} has been called (a graceful stop), responses carry
 * {@code Connection: close} so clients move off before the listener goes away.
 */
public final class Router implements HttpHandler {

    /** One application's mount point and its workers. */
    record Mount(String contextPath, List<Worker> workers) {
        boolean matches(String path) {
            return contextPath.isEmpty() || path.equals(contextPath) || path.startsWith(contextPath + "/");
        }
    }

    private final List<Mount> mounts = new CopyOnWriteArrayList<>();
    private final LongSupplier clock;
    private volatile boolean closing;
    private volatile boolean stopping;
    private volatile long lastRequestNanos;

    public Router() {
        this(System::nanoTime);
    }

    /** @param clock the clock {@link #lastRequestNanos} is read from: the arbiter's */
    Router(LongSupplier clock) {
        this.clock = clock;
        this.lastRequestNanos = clock.getAsLong();
    }

    /** Adds an application mount; called by the arbiter before any worker exists. */
    void mount(String contextPath) {
        List<Mount> next = new ArrayList<>(mounts);
        next.add(new Mount(contextPath, new CopyOnWriteArrayList<>()));
        next.sort(Comparator.comparingInt((Mount m) -> m.contextPath().length()).reversed());
        mounts.clear();
        mounts.addAll(next);
    }

    void add(Worker worker) {
        mountOf(worker.application().contextPath()).workers().add(worker);
    }

    void remove(Worker worker) {
        mountOf(worker.application().contextPath()).workers().remove(worker);
    }

    private Mount mountOf(String contextPath) {
        for (Mount mount : mounts) {
            if (mount.contextPath().equals(contextPath)) {
                return mount;
            }
        }
        throw new IllegalStateException("No application is mounted at '" + contextPath + "'");
    }

    /** Readiness turns false for good: the first step of a stop. */
    public void stopReadiness() {
        stopping = true;
    }

    /** From now on, every response closes its connection. */
    public void closeConnections() {
        closing = true;
    }

    /** Whether every mounted application has at least one READY worker. */
    public boolean isReady() {
        if (stopping || closing || mounts.isEmpty()) {
            return false;
        }
        for (Mount mount : mounts) {
            if (mount.workers().stream().noneMatch(Worker::isReady)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        lastRequestNanos = clock.getAsLong();
        if (closing) {
            exchange.setPersistent(false);
        }
        String path = exchange.getRequestPath();
        for (Mount mount : mounts) {
            if (mount.matches(path)) {
                route(exchange, mount);
                return;
            }
        }
        Refusal.answer(exchange, StatusCodes.NOT_FOUND);
    }

    /**
     * Makes the exchange's path relative to the application's context path, as PathHandler.addPrefixPath
     * would: the servlet handler matches the relative path. The router and the warm-up listener both use it.
     */
    static void enterContext(HttpServerExchange exchange, String contextPath) {
        if (!contextPath.isEmpty()) {
            exchange.setRelativePath(exchange.getRelativePath().substring(contextPath.length()));
            exchange.setResolvedPath(contextPath);
        }
    }

    private void route(HttpServerExchange exchange, Mount mount) throws Exception {
        enterContext(exchange, mount.contextPath());
        List<Worker> refused = null;
        while (true) {
            Worker chosen = leastBusyReady(mount, refused);
            if (chosen == null) {
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
                Refusal.answer(exchange, StatusCodes.SERVICE_UNAVAILABLE);
                return;
            }
            if (chosen.handle(exchange)) {
                return;
            }
            // It began draining between our look and its answer: try the next one.
            refused = refused == null ? new ArrayList<>(2) : refused;
            refused.add(chosen);
        }
    }

    private static Worker leastBusyReady(Mount mount, List<Worker> refused) {
        Worker chosen = null;
        for (Worker worker : mount.workers()) {
            if (worker.isReady() && (refused == null || !refused.contains(worker))
                    && (chosen == null || worker.inFlight() < chosen.inFlight())) {
                chosen = worker;
            }
        }
        return chosen;
    }

    /** Nanotime of the last request that reached the router. */
    public long lastRequestNanos() {
        return lastRequestNanos;
    }

    /** Requests in flight across all workers, draining ones included. */
    public int inFlight() {
        int total = 0;
        for (Mount mount : mounts) {
            for (Worker worker : mount.workers()) {
                total += worker.inFlight();
            }
        }
        return total;
    }
}
