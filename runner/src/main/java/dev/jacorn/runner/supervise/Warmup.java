package dev.jacorn.runner.supervise;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a freshly booted worker before the router gives it traffic ({@code --warmup PATH},
 * {@code --warmup-requests N}): the worker's own classes are new (its class loader is new), so
 * the JIT has compiled none of them, and the first seconds of a reload under load would otherwise
 * run the application interpreted.
 *
 * <p>A private listener on a free loopback port hands every request to this one worker (the
 * router never sees them: the worker is still BOOTING), and {@value #CONNECTIONS} client
 * connections send {@code requests} GETs to each path that belongs to the worker's application.
 * Runs on the arbiter thread, inside {@link Worker#boot}; bounded by the per-request timeout.
 * A response other than 2xx or 3xx, or a request that fails, is logged and ends the warm-up early;
 * the worker becomes READY either way (a warm-up never fails a boot).
 *
 * <p>A fixed number of requests is a guess: the JIT compiles a method with its optimizing compiler
 * only after thousands of calls, and until then the new worker runs slower, profiled code (a
 * reload of the Spring sample under load: after a thousand warm-up requests, the first seconds
 * after READY still served well below the steady throughput). So after {@code requests}, the warm-up goes on in
 * batches while the JVM's compilers are still busy (more than {@value #BUSY_PERCENT} % of a
 * batch's time spent compiling), up to {@code maxRequests} per path.
 *
 * @param paths request paths with their query, each starting with the application's context path
 * @param requests GETs sent to each path at least
 * @param maxRequests GETs sent to each path at most, while the JIT is still compiling
 * @param requestTimeout longest one warm-up request may take
 */
public record Warmup(List<String> paths, int requests, int maxRequests, Duration requestTimeout) {

    private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
    static final int CONNECTIONS = 4;
    /** The JIT counts as busy while it spends more than this share of a batch's time compiling. */
    static final int BUSY_PERCENT = 5;

    public Warmup {
        paths = List.copyOf(paths);
    }

    /** No warm-up: the worker becomes READY as soon as it has booted. */
    public static Warmup none() {
        return new Warmup(List.of(), 0, 0, Duration.ofSeconds(30));
    }

    /**
     * How many more GETs per path the next batch sends, given how the last one went: 0 to stop.
     * Batches are a quarter of {@code requests} (at least one per connection), never beyond
     * {@code maxRequests} in all.
     *
     * @param sentPerPath GETs sent to each path so far
     * @param compileMillis milliseconds the JIT spent compiling during the last batch (or the fixed part)
     * @param batchMillis how long the last batch took
     */
    int nextBatch(int sentPerPath, long compileMillis, long batchMillis) {
        if (sentPerPath >= maxRequests || compileMillis * 100 <= batchMillis * BUSY_PERCENT) {
            return 0;
        }
        return Math.min(maxRequests - sentPerPath, Math.max(CONNECTIONS, requests / 4));
    }

    public boolean isEnabled() {
        return requests > 0 && !paths.isEmpty();
    }

    /** The paths served by an application at {@code contextPath} ("" for the root). */
    List<String> pathsOf(String contextPath) {
        Router.Mount mount = new Router.Mount(contextPath, List.of());
        List<String> mine = new ArrayList<>();
        for (String path : paths) {
            if (mount.matches(path.contains("?") ? path.substring(0, path.indexOf('?')) : path)) {
                mine.add(path);
            }
        }
        return mine;
    }

    /**
     * Sends the warm-up requests through {@code worker} only. Arbiter thread; the worker must be
     * booted and taking requests, but not yet in the router.
     */
    void run(Worker worker) {
        List<String> mine = pathsOf(worker.application().contextPath());
        if (!isEnabled() || mine.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Undertow listener = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(1)
                .setWorkerThreads(1)
                .setHandler(exchange -> handle(worker, exchange))
                .build();
        listener.start();
        ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS, runnable -> {
            Thread thread = new Thread(runnable, "jacorn-warmup-" + worker.id());
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger sent = new AtomicInteger();
        AtomicReference<String> problem = new AtomicReference<>();
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
        int perPath = 0;
        try {
            int port = ((InetSocketAddress) listener.getListenerInfo().get(0).getAddress()).getPort();
            // The client keeps its own executor: the loops below block the `clients` threads in send().
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(requestTimeout).build();
            int batch = requests;
            while (batch > 0 && problem.get() == null) {
                long compiledBefore = jitTimed ? jit.getTotalCompilationTime() : 0;
                long batchStarted = System.nanoTime();
                sendBatch(clients, client, port, mine, batch, sent, problem);
                perPath += batch;
                batch = jitTimed ? nextBatch(perPath, jit.getTotalCompilationTime() - compiledBefore,
                        Duration.ofNanos(System.nanoTime() - batchStarted).toMillis()) : 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem.compareAndSet(null, "interrupted");
        } catch (ExecutionException e) {
            problem.compareAndSet(null, String.valueOf(e.getCause()));
        } finally {
            clients.shutdownNow();
            listener.stop();
        }
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (problem.get() == null) {
            LOG.info("Worker {} warmed up: {} request(s) to {} in {} ms{}", worker.id(), sent.get(), mine, millis,
                    perPath > requests ? " (more than " + requests + " per path: the JIT was still compiling)" : "");
        } else {
            LOG.warn("Worker {} warm-up stopped after {} request(s) in {} ms: {}; check --warmup {}",
                    worker.id(), sent.get(), millis, problem.get(), mine);
        }
    }

    /** {@code share} GETs to each path over {@value #CONNECTIONS} connections; returns when all are answered. */
    private void sendBatch(ExecutorService clients, HttpClient client, int port, List<String> mine, int batch,
            AtomicInteger sent, AtomicReference<String> problem) throws InterruptedException, ExecutionException {
        List<Future<?>> loops = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            int share = batch / CONNECTIONS + (c < batch % CONNECTIONS ? 1 : 0);
            loops.add(clients.submit(() -> send(client, port, mine, share, sent, problem)));
        }
        for (Future<?> loop : loops) {
            loop.get();
        }
    }

    private void send(HttpClient client, int port, List<String> mine, int share, AtomicInteger sent,
            AtomicReference<String> problem) {
        for (int i = 0; i < share && problem.get() == null; i++) {
            for (String path : mine) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(requestTimeout).GET().build();
                try {
                    int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    sent.incrementAndGet();
                    if (status >= 400) {
                        problem.compareAndSet(null, "GET " + path + " answered " + status);
                        return;
                    }
                } catch (IOException e) {
                    problem.compareAndSet(null, "GET " + path + " failed: " + e);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void handle(Worker worker, HttpServerExchange exchange) throws Exception {
        Router.enterContext(exchange, worker.application().contextPath());
        if (!worker.handleWarmup(exchange)) {
            exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
            exchange.endExchange();
        }
    }
}
