package dev.jacorn.runner.supervise;

import dev.jacorn.adapter.Application;
import dev.jacorn.adapter.DeployOptions;
import dev.jacorn.adapter.Deployment;
import dev.jacorn.runner.lifecycle.LifeCycle;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance of an application: its own deployment (and so its own class loader) and
 * its own request threads. See {@link WorkerState} for its states.
 *
 * <p>A {@link LifeCycle}: {@link #start} boots it (BOOTING to READY, or FAILED), {@link #stop}
 * undeploys it; its {@link WorkerState} maps onto the lifecycle's states. Its drain is a future,
 * {@link #drained}, that completes when the last request in flight has finished after
 * {@link #beginDrain}.
 *
 * <p>The arbiter thread calls {@link #start}, {@link #beginDrain} and {@link #stop}; I/O threads
 * call {@link #handle} through the router; the watchdog reads {@link #requests()}. Counters are
 * atomic; the state is volatile and written by the arbiter thread only. When the worker has
 * served its {@code --max-requests} share it calls {@code wakeArbiter} once, from an I/O thread.
 */
public final class Worker implements LifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final int id;
    private final Application application;
    private final WorkerOptions settings;
    private final long requestLimit;
    private final SupervisorEvents events;
    private final Runnable wakeArbiter;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong served = new AtomicLong();
    private final AtomicInteger webSocketConnections = new AtomicInteger();
    private final Set<RequestInFlight> requests = ConcurrentHashMap.newKeySet();
    /** Completed once no request is in flight after the worker stopped accepting. */
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    /** Completed (and cleared) the next time no request is in flight; null while nobody waits. */
    private final AtomicReference<CompletableFuture<Void>> idle = new AtomicReference<>();
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
    public Worker(int id, Application application, WorkerOptions settings, long requestLimit,
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
     * @throws IllegalStateException when the worker was started before
     */
    @Override
    public void start() {
        if (state != WorkerState.BOOTING || executor != null) {
            throw new IllegalStateException("cannot start worker " + id + ": it is " + state + " (a worker boots once)");
        }
        long started = System.nanoTime();
        LOG.info("Booting worker {} ({}, {})", id, application.name(), settings.workerClass() == WorkerClass.VIRTUAL
                ? "virtual threads" : settings.threads() + " threads");
        executor = settings.workerClass().newExecutor(id, settings.threads());
        try {
            deployment = application.deploy(new DeployOptions(application.name() + "#" + id, executor,
                    settings.tempDir().resolve("worker-" + id), settings.webSockets(), settings.sessions().apply(application)));
        } catch (RuntimeException e) {
            moveTo(WorkerState.FAILED);
            executor.shutdownNow();
            throw e;
        }
        loaderReference = deployment.classLoaderReference();
        accepting = true;
        // Still BOOTING, so the router sends nothing here while the warm-up runs.
        settings.warmup().run(this);
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
        return handle(exchange, true);
    }

    /** Serves one {@link Warmup} request: as {@link #handle}, but it does not count towards {@code --max-requests}. */
    boolean handleWarmup(HttpServerExchange exchange) throws Exception {
        return handle(exchange, false);
    }

    private boolean handle(HttpServerExchange exchange, boolean counted) throws Exception {
        // Count in first, then look: with beginDrain writing the flag before it reads the count,
        // a request is either seen by the drain or refused here, never lost between the two.
        inFlight.incrementAndGet();
        if (!accepting) {
            finished();
            return false;
        }
        RequestInFlight request = new RequestInFlight(exchange, System.nanoTime());
        requests.add(request);
        if (counted && served.incrementAndGet() == requestLimit) {
            wakeArbiter.run();
        }
        exchange.addExchangeCompleteListener((done, next) -> {
            countWebSocketUpgrade(done);
            finished();
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

    /** One request less in flight; the last one out of a draining worker completes its drain. */
    private void finished() {
        if (inFlight.decrementAndGet() == 0) {
            completeDrainIfEmpty();
            if (idle.get() != null) {
                CompletableFuture<Void> waiting = idle.getAndSet(null);
                if (waiting != null) {
                    waiting.complete(null);
                }
            }
        }
    }

    /**
     * Completes the next time no request is in flight (at once if none is now), while the worker
     * keeps taking requests: what a graceful stop waits for before it drains. Any thread.
     */
    CompletableFuture<Void> idle() {
        CompletableFuture<Void> waiting = idle.updateAndGet(f -> f != null ? f : new CompletableFuture<>());
        // After publishing the future: a request finishing meanwhile completes it, or we see 0 here.
        if (inFlight.get() == 0) {
            waiting.complete(null);
        }
        return waiting.copy();
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
                    completeDrainIfEmpty();
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
        QuietAfterTimeout.running(request);
        try {
            task.run();
        } finally {
            QuietAfterTimeout.returned();
            long timedOutAt = request.timedOutAtNanos();
            if (timedOutAt != 0) {
                LOG.info("Worker {}: the thread running {} returned {} ms after its timeout", id, request.requestLine(),
                        (System.nanoTime() - timedOutAt) / 1_000_000);
            }
            if (request.threadReturned()) {
                requests.remove(request);
            }
            // A watchdog interrupt must not leak into the next request this thread runs.
            Thread.interrupted();
        }
    }

    /** Stops taking new requests (the router skips a draining worker). Harmless when not READY. */
    public void beginDrain(String reason) {
        refuseNewRequests();
        if (state == WorkerState.READY) {
            moveTo(WorkerState.DRAINING);
            LOG.info("Worker {} DRAINING ({}), {} request(s) in flight{}", id, reason, inFlight.get(),
                    webSocketSessions() == 0 ? "" : ", " + webSocketSessions() + " WebSocket session(s) open");
        }
        // After the flag: a request counted in before it is finished by finished(); none after it.
        completeDrainIfEmpty();
    }

    /**
     * Completes the drain once the worker refuses new requests and holds neither a request nor a
     * WebSocket session: a draining worker keeps its sessions until they close or the drain's
     * deadline passes.
     */
    private void completeDrainIfEmpty() {
        if (!accepting && isDrained()) {
            drained.complete(null);
        }
    }

    /**
     * The first half of {@link #beginDrain}: from now on {@link #handle} refuses, while the state
     * still reads READY until the drain moves it on (the window the router's retry covers).
     */
    void refuseNewRequests() {
        accepting = false;
    }

    /**
     * The drain: completes once {@link #beginDrain} was called and no request is in flight and no
     * WebSocket session open any more. A copy, so completing it cannot end the worker's own. Any thread.
     */
    public CompletableFuture<Void> drained() {
        return drained.copy();
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
        try {
            drained.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // the requests still running are counted below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a drain cannot fail", e);
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
     * Harmless when already stopped or never started. Arbiter thread.
     */
    @Override
    public void stop() {
        if (state == WorkerState.STOPPED || (state == WorkerState.BOOTING && executor == null)) {
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

    /** The worker's state in the lifecycle's words: BOOTING is STARTING, READY STARTED, DRAINING STOPPING. */
    @Override
    public LifeCycle.State lifeCycleState() {
        return switch (state) {
            case BOOTING -> executor == null ? LifeCycle.State.NEW : LifeCycle.State.STARTING;
            case READY -> LifeCycle.State.STARTED;
            case DRAINING -> LifeCycle.State.STOPPING;
            case STOPPED -> LifeCycle.State.STOPPED;
            case FAILED -> LifeCycle.State.FAILED;
        };
    }

    @Override
    public String lifeCycleName() {
        return "worker " + id;
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
