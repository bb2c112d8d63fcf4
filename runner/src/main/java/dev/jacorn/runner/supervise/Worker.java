package dev.jacorn.runner.supervise;

import dev.jacorn.adapter.Application;
import dev.jacorn.adapter.DeployOptions;
import dev.jacorn.adapter.Deployment;
import io.undertow.server.HttpServerExchange;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of an application: its own deployment (and so its own class loader) and
 * its own pool of request threads. See {@link WorkerState} for its states.
 *
 * <p>The arbiter thread calls {@link #boot}, {@link #drain} and {@link #stop}; I/O threads call
 * {@link #handle} through the router. Counters are atomic; the state is volatile and written by
 * the arbiter thread only.
 */
public final class Worker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final int id;
    private final Application application;
    private final int threads;
    private final Path tempDir;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private volatile WorkerState state = WorkerState.BOOTING;
    private ThreadPoolExecutor pool;
    private Deployment deployment;

    public Worker(int id, Application application, int threads, Path tempDir) {
        this.id = id;
        this.application = application;
        this.threads = threads;
        this.tempDir = tempDir;
    }

    /**
     * Deploys the application on a fresh thread pool; READY on success.
     *
     * @throws dev.jacorn.adapter.AppBootException when the application fails to start (the worker
     *     is then FAILED and holds nothing)
     */
    public void boot() {
        long started = System.nanoTime();
        LOG.info("Booting worker {} ({}, {} threads)", id, application.name(), threads);
        pool = newPool();
        try {
            deployment = application.deploy(new DeployOptions(application.name() + "#" + id, pool,
                    tempDir.resolve("worker-" + id)));
        } catch (RuntimeException e) {
            state = WorkerState.FAILED;
            pool.shutdownNow();
            throw e;
        }
        state = WorkerState.READY;
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.info("Worker {} READY: {} at {} in {} ms", id, application.name(),
                application.contextPath().isEmpty() ? "/" : application.contextPath(), millis);
    }

    private ThreadPoolExecutor newPool() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "worker-" + id + "-thread-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** Serves one request: counts it in, and out again when the exchange completes. I/O thread. */
    void handle(HttpServerExchange exchange) throws Exception {
        inFlight.incrementAndGet();
        served.incrementAndGet();
        exchange.addExchangeCompleteListener((done, next) -> {
            inFlight.decrementAndGet();
            next.proceed();
        });
        deployment.handler().handleRequest(exchange);
    }

    /**
     * Stops taking new requests and waits, up to {@code deadline}, for those in flight.
     *
     * @return the number of requests still running at the deadline (0 when drained)
     */
    public int drain(Duration deadline, String reason) {
        if (state == WorkerState.READY) {
            state = WorkerState.DRAINING;
            LOG.info("Worker {} DRAINING ({}), {} request(s) in flight", id, reason, inFlight.get());
        }
        long end = System.nanoTime() + deadline.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < end) {
            sleepBriefly();
        }
        return inFlight.get();
    }

    /** Undeploys the application and stops the threads; STOPPED. Harmless when already stopped. */
    public void stop() {
        if (state == WorkerState.STOPPED) {
            return;
        }
        if (deployment != null) {
            deployment.undeploy();
        }
        if (pool != null) {
            pool.shutdownNow();
        }
        state = WorkerState.STOPPED;
        LOG.info("Worker exiting (worker {}, {} request(s) served)", id, served.get());
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int id() {
        return id;
    }

    public Application application() {
        return application;
    }

    public WorkerState state() {
        return state;
    }

    public boolean isReady() {
        return state == WorkerState.READY;
    }

    public int inFlight() {
        return inFlight.get();
    }

    public long served() {
        return served.get();
    }

    /** The worker's class loader, weakly: it must clear once the worker is stopped. */
    public WeakReference<? extends ClassLoader> classLoaderReference() {
        return deployment == null ? new WeakReference<>(null) : deployment.classLoaderReference();
    }

    ExecutorService pool() {
        return pool;
    }

    @Override
    public String toString() {
        return "worker " + id + " (" + application.name() + ", " + state + ")";
    }
}
