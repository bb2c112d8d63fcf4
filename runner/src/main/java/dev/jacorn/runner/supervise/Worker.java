package dev.jacorn.runner.supervise;

import dev.jacorn.adapter.Application;
import dev.jacorn.adapter.DeployOptions;
import dev.jacorn.adapter.Deployment;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of an application: its own deployment (and so its own class loader) and
 * its own request threads. See {@link WorkerState} for its states.
 *
 * <p>The arbiter thread calls {@link #boot}, {@link #beginDrain} and {@link #stop}; I/O threads
 * call {@link #handle} through the router; the watchdog reads {@link #requests()}. Counters are
 * atomic; the state is volatile and written by the arbiter thread only. When the worker has
 * served its {@code --max-requests} share it calls {@code wakeArbiter} once, from an I/O thread.
 */
public final class Worker {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final int id;
    private final Application application;
    private final WorkerSettings settings;
    private final long requestLimit;
    private final SupervisorEvents events;
    private final Runnable wakeArbiter;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private final AtomicInteger webSocketConnections = new AtomicInteger();
    private final Set<RequestInFlight> requests = ConcurrentHashMap.newKeySet();
    private volatile WorkerState state = WorkerState.BOOTING;
    private volatile boolean stuck;
    private volatile boolean accepting;
    private ExecutorService executor;
    private volatile Deployment deployment;
    private volatile long webSocketEventsAtStop;
    private WeakReference<? extends ClassLoader> loaderReference = new WeakReference<>(null);

    /**
     * @param requestLimit requests after which the worker asks to be recycled; 0 for never
     * @param wakeArbiter called (once) when the limit is reached, or when the watchdog finds the worker stuck
     */
    public Worker(int id, Application application, WorkerSettings settings, long requestLimit,
            SupervisorEvents events, Runnable wakeArbiter) {
        this.id = id;
        this.application = application;
        this.settings = settings;
        this.requestLimit = requestLimit;
        this.events = events;
        this.wakeArbiter = wakeArbiter;
    }

    /**
     * Deploys the application on fresh request threads; READY on success.
     *
     * @throws dev.jacorn.adapter.AppBootException when the application fails to start (the worker
     *     is then FAILED and holds nothing)
     */
    public void boot() {
        long started = System.nanoTime();
        LOG.info("Booting worker {} ({}, {})", id, application.name(), settings.workerClass() == WorkerClass.VIRTUAL
                ? "virtual threads" : settings.threads() + " threads");
        executor = settings.workerClass().newExecutor(id, settings.threads());
        try {
            deployment = application.deploy(new DeployOptions(application.name() + "#" + id, executor,
                    settings.tempDir().resolve("worker-" + id), settings.webSockets()));
        } catch (RuntimeException e) {
            moveTo(WorkerState.FAILED);
            executor.shutdownNow();
            throw e;
        }
        loaderReference = deployment.classLoaderReference();
        accepting = true;
        moveTo(WorkerState.READY);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LOG.info("Worker {} READY: {} at {} in {} ms", id, application.name(),
                application.contextPath().isEmpty() ? "/" : application.contextPath(), millis);
    }

    private void moveTo(WorkerState next) {
        WorkerState previous = state;
        if (!previous.canMoveTo(next)) {
            throw new IllegalStateException("worker " + id + " cannot move from " + previous + " to " + next);
        }
        state = next;
        events.workerStateChanged(this, previous, next);
    }

    /**
     * Serves one request: counts it in, and out again when the exchange completes; the thread that
     * runs it is recorded for the watchdog. I/O thread.
     *
     * @return false, without touching the exchange, when the worker no longer takes requests
     */
    boolean handle(HttpServerExchange exchange) throws Exception {
        // Count in first, then look: with beginDrain writing the flag before it reads the count,
        // a request is either seen by the drain or refused here, never lost between the two.
        inFlight.incrementAndGet();
        if (!accepting) {
            inFlight.decrementAndGet();
            return false;
        }
        RequestInFlight request = new RequestInFlight(exchange, System.nanoTime());
        requests.add(request);
        if (served.incrementAndGet() == requestLimit) {
            wakeArbiter.run();
        }
        exchange.addExchangeCompleteListener((done, next) -> {
            countWebSocketUpgrade(done);
            inFlight.decrementAndGet();
            if (request.exchangeCompleted()) {
                requests.remove(request);
            }
            next.proceed();
        });
        deployment.handler().handleRequest(exchange);
        // The servlet handler has asked to be dispatched to our threads; Undertow executes that
        // dispatch right after we return, through this executor, so wrapping it tells us which
        // thread runs which request.
        Executor dispatch = exchange.getDispatchExecutor();
        if (exchange.isDispatched() && dispatch != null) {
            exchange.setDispatchExecutor(task -> dispatch.execute(() -> run(request, task)));
        }
        return true;
    }

    /**
     * A WebSocket handshake that succeeded leaves its connection with this worker's deployment until
     * it closes: counted here whoever upgraded it (the container's endpoints, or a framework such as
     * Spring through {@code ServerContainer.upgradeHttpToWebSocket}).
     */
    private void countWebSocketUpgrade(HttpServerExchange done) {
        if (done.getStatusCode() == StatusCodes.SWITCHING_PROTOCOLS
                && "websocket".equalsIgnoreCase(done.getRequestHeaders().getFirst(Headers.UPGRADE))) {
            webSocketConnections.incrementAndGet();
            // Counted out once, by the close listener or, for a connection already gone, right here.
            AtomicBoolean open = new AtomicBoolean(true);
            Runnable countOut = () -> {
                if (open.getAndSet(false)) {
                    webSocketConnections.decrementAndGet();
                }
            };
            done.getConnection().addCloseListener(closed -> countOut.run());
            if (!done.getConnection().isOpen()) {
                countOut.run();
            }
        }
    }

    private void run(RequestInFlight request, Runnable task) {
        request.runOn(Thread.currentThread());
        try {
            task.run();
        } finally {
            if (request.threadReturned()) {
                requests.remove(request);
            }
            // A watchdog interrupt must not leak into the next request this thread runs.
            Thread.interrupted();
        }
    }

    /** Stops taking new requests (the router skips a draining worker). Harmless when not READY. */
    public void beginDrain(String reason) {
        accepting = false;
        if (state == WorkerState.READY) {
            moveTo(WorkerState.DRAINING);
            LOG.info("Worker {} DRAINING ({}), {} request(s) in flight{}", id, reason, inFlight.get(),
                    webSocketSessions() == 0 ? "" : ", " + webSocketSessions() + " WebSocket session(s) open");
        }
    }

    /**
     * Whether no request is in flight and no WebSocket session is open any more: a draining worker
     * keeps its sessions until they close or the drain's deadline passes (then undeploying closes
     * them with 1001).
     */
    public boolean isDrained() {
        return inFlight.get() == 0 && webSocketSessions() == 0;
    }

    /** WebSocket sessions (upgraded connections) open on this worker now. */
    public int webSocketSessions() {
        return webSocketConnections.get();
    }

    /** WebSocket events (messages received, opens, closes, errors) this worker's endpoints handled, until it stopped. */
    public long webSocketEvents() {
        Deployment current = deployment;
        return current == null ? webSocketEventsAtStop : current.webSockets().events();
    }

    /**
     * Stops taking new requests and waits, up to {@code deadline}, for those in flight.
     *
     * @return the number of requests still running at the deadline (0 when drained)
     */
    public int drain(Duration deadline, String reason) {
        beginDrain(reason);
        long end = System.nanoTime() + deadline.toNanos();
        while (!isDrained() && System.nanoTime() < end) {
            Pause.briefly();
        }
        return inFlight.get();
    }

    /** The requests still running, as {@code GET /slow HTTP/1.1 (running 31.0 s)}, for a stop past its deadline. */
    public List<String> describeRequestsInFlight() {
        long now = System.nanoTime();
        List<String> lines = new ArrayList<>();
        for (RequestInFlight request : requests) {
            if (!request.isCompleted()) {
                lines.add(String.format("%s (running %.1f s)", request.requestLine(), request.secondsRunning(now)));
            }
        }
        return lines;
    }

    /**
     * Undeploys the application and stops the threads (their ThreadLocals go with them); STOPPED.
     * Harmless when already stopped. Arbiter thread.
     */
    public void stop() {
        if (state == WorkerState.STOPPED) {
            return;
        }
        accepting = false;
        if (deployment != null) {
            int sessions = webSocketSessions();
            if (sessions > 0) {
                LOG.info("Worker {}: closing {} WebSocket session(s) with 1001 (going away)", id, sessions);
            }
            deployment.undeploy();
            webSocketEventsAtStop = deployment.webSockets().events();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        // Drop every strong path to the application so its class loader can be collected.
        deployment = null;
        executor = null;
        moveTo(WorkerState.STOPPED);
        LOG.info("Worker exiting (worker {}, {} request(s) served)", id, served.get());
    }

    /** Called by the watchdog: timed-out threads did not come back; the arbiter replaces this worker. */
    void markStuck() {
        if (!stuck) {
            stuck = true;
            wakeArbiter.run();
        }
    }

    public boolean isStuck() {
        return stuck;
    }

    /** Whether the worker has served its {@code --max-requests} share. */
    public boolean isExhausted() {
        return requestLimit > 0 && served.get() >= requestLimit;
    }

    Set<RequestInFlight> requests() {
        return requests;
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
        return loaderReference;
    }

    @Override
    public String toString() {
        return "worker " + id + " (" + application.name() + ", " + state + ")";
    }
}
