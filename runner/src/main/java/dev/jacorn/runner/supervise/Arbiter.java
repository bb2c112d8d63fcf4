package dev.jacorn.runner.supervise;

import dev.jacorn.adapter.AppBootException;
import dev.jacorn.adapter.Application;
import dev.jacorn.runner.lifecycle.AbstractLifeCycle;
import dev.jacorn.runner.lifecycle.LifeCycleList;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervision loop, and the one place that changes the set of workers. Like Gunicorn's
 * arbiter: it waits for a command (from a signal handler, the file watcher, a worker or the
 * watchdog) or a tick, acts on it, then maintains the workers: stops those that have drained,
 * replaces stuck and exhausted ones, and converges on the wanted number.
 *
 * <p>Every replacement is blue/green ({@link #replace}): the new worker boots and becomes READY,
 * the router takes it, and only then does the old one drain, in the background, for up to
 * {@code --graceful-timeout}, before it is stopped and its class loader checked for leaks. A
 * reload replaces a whole generation at once and all or nothing ({@link #reload}).
 *
 * <p>As a {@link dev.jacorn.runner.lifecycle.LifeCycle}: {@link #start} starts the leak detector,
 * boots the wanted workers of every application (all or none: a boot failure stops those already
 * booted and is thrown) and starts the watchdog; {@link #stop} stops them in reverse, gracefully
 * when {@link #run} returned {@link Command#SHUTDOWN_GRACEFULLY} and at once otherwise.
 *
 * <p>{@link #start}, {@link #run} and {@link #stop} are called from one thread, the arbiter
 * thread (the main thread); {@link #submit} from any thread. Time is read from the clock given
 * to the constructor ({@code System::nanoTime} outside tests).
 */
public final class Arbiter extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(Arbiter.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration LAST_BACKOFF = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofMillis(300);

    private final Router router;
    private final SupervisorEvents events;
    private final Supplier<Generation> reread;
    private final Runnable closeIdleConnections;
    private final LongSupplier clock;
    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    /** Every worker not stopped yet, draining ones included; read by the watchdog. */
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    /** Draining workers and when their drain must end (clock nanos). Arbiter thread only. */
    private final Map<Worker, Long> draining = new LinkedHashMap<>();
    private final AtomicInteger nextWorkerId = new AtomicInteger(1);
    private final Random random = new Random();
    private final LeakDetector leaks;
    private final Watchdog watchdog;
    private volatile Generation generation;
    private int wanted;
    private long nextSpawnNanos;
    private Duration backoff = FIRST_BACKOFF;
    private volatile long lastTurn;
    private volatile Command stopReason;

    /**
     * @param reread builds the next generation for a reload: the settings re-read and the
     *     applications prepared again from disk; it throws when either cannot be done
     * @param closeIdleConnections closes the connections between two requests; a graceful stop
     *     runs it once the last response is out, before the workers drain
     */
    public Arbiter(Generation generation, Router router, SupervisorEvents events, Supplier<Generation> reread,
                   Runnable closeIdleConnections) {
        this(generation, router, events, reread, closeIdleConnections, System::nanoTime);
    }

    /** @param clock the nanosecond clock every wait and back-off is measured on (a fake in tests) */
    Arbiter(Generation generation, Router router, SupervisorEvents events, Supplier<Generation> reread,
            Runnable closeIdleConnections, LongSupplier clock) {
        this.generation = generation;
        this.router = router;
        this.events = events;
        this.reread = reread;
        this.closeIdleConnections = closeIdleConnections;
        this.clock = clock;
        this.lastTurn = clock.getAsLong();
        this.wanted = generation.settings().workers();
        this.watchdog = new Watchdog(() -> workers, () -> this.generation.settings(), events);
        this.leaks = new LeakDetector(() -> router.inFlight() == 0
                && clock.getAsLong() - router.lastRequestNanos() >= QUIET.toNanos());
        for (Application application : generation.applications()) {
            router.mount(application.contextPath());
        }
    }

    /** The foundation's shape: no reload source. */
    public Arbiter(List<Application> applications, WorkerOptions settings, Router router, SupervisorEvents events) {
        this(new Generation(applications, settings), router, events, () -> new Generation(applications, settings),
                () -> { });
    }

    /** Enqueues a command for the arbiter thread. Any thread; never blocks. */
    public void submit(Command command) {
        commands.add(command);
    }

    /**
     * Boots the wanted number of workers for every application, one after the other, and starts
     * the watchdog.
     *
     * @throws AppBootException when one fails; the workers already booted are stopped again first
     */
    @Override
    protected void doStart() {
        LOG.info("Using worker: {}", describe(generation.settings()));
        leaks.start();
        admit(boot(generation, wanted));
        watchdog.start();
    }

    private static String describe(WorkerOptions settings) {
        if (settings.workerClass() == WorkerClass.VIRTUAL) {
            return "virtual (one virtual thread per request, " + settings.workers() + " worker(s) per application)";
        }
        return "thread (" + settings.threads() + " per worker, " + settings.workers() + " worker(s) per application)";
    }

    /**
     * The shutdown the last {@link #run} asked for: the graceful stop, waiting up to the
     * generation's {@code --graceful-timeout}; else (a quick stop, or a start that failed
     * part-way) every worker stopped at once.
     */
    @Override
    protected void doStop() {
        if (stopReason == Command.SHUTDOWN_GRACEFULLY) {
            shutdownGracefully(generation.settings().gracefulTimeout());
            return;
        }
        if (stopReason == Command.SHUTDOWN_QUICKLY) {
            LOG.info("Shutting down: quick stop");
        }
        stopAll(Duration.ZERO);
    }

    /**
     * Turns the loop until a shutdown command arrives, and returns that command; {@link #stop}
     * then shuts down the way it asks. The caller stops the listeners first.
     */
    public Command run() {
        while (true) {
            lastTurn = clock.getAsLong();
            Command command = next();
            if (command == Command.SHUTDOWN_GRACEFULLY || command == Command.SHUTDOWN_QUICKLY) {
                stopReason = command;
                return command;
            }
            turn(command);
        }
    }

    /** One turn of the loop after {@code command} (or none, on a tick). Arbiter thread; tests call it directly. */
    void turn(Command command) {
        if (command != null) {
            handle(command);
        }
        maintain();
    }

    /** The next command, or null after a tick; the tick is shorter when a drain or a back-off ends sooner. */
    private Command next() {
        long now = clock.getAsLong();
        long wait = TICK.toNanos();
        for (long deadline : draining.values()) {
            wait = Math.min(wait, deadline - now);
        }
        if (nextSpawnNanos > now) {
            wait = Math.min(wait, nextSpawnNanos - now);
        }
        try {
            return commands.poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Command.SHUTDOWN_QUICKLY;
        }
    }

    private void handle(Command command) {
        switch (command) {
            case RELOAD -> reload();
            case ADD_WORKER -> addWorker();
            case REMOVE_WORKER -> removeWorker();
            case CHECK_WORKERS, SHUTDOWN_GRACEFULLY, SHUTDOWN_QUICKLY -> {
                // maintain() looks at the workers after every command
            }
        }
    }

    private void maintain() {
        stopDrainedWorkers();
        for (Worker worker : workers) {
            if (worker.isReady() && worker.isStuck()) {
                replaceWhenBackoffAllows(worker, "stuck");
            } else if (worker.isReady() && worker.isExhausted()) {
                replaceWhenBackoffAllows(worker, "max-requests");
            }
        }
        converge();
    }

    private void replaceWhenBackoffAllows(Worker worker, String reason) {
        if (clock.getAsLong() < nextSpawnNanos) {
            return;
        }
        LOG.info("Replacing worker {} ({}, {} request(s) served)", worker.id(), reason, worker.served());
        try {
            replace(worker, reason);
            backoff = FIRST_BACKOFF;
        } catch (AppBootException e) {
            backOff("Worker " + worker.id() + " keeps serving: its replacement could not boot", e);
        }
    }

    /**
     * SIGHUP: re-read the settings, prepare the applications again from disk, and replace every
     * worker, all or nothing: the whole new generation boots before any request reaches it, then
     * the router takes it and the old generation drains. If any new worker fails to boot, the new
     * ones already booted are stopped, no request ever reaches them, and every old worker keeps
     * serving.
     */
    private void reload() {
        long started = clock.getAsLong();
        LOG.info("Reloading: re-reading the settings and the application(s)");
        Generation previous = generation;
        Generation next;
        try {
            next = reread.get();
        } catch (RuntimeException e) {
            reloadFailed(e.getMessage(), e);
            return;
        }
        if (!next.contextPaths().equals(previous.contextPaths())) {
            reloadFailed("the applications are mounted at " + next.contextPaths() + " instead of "
                    + previous.contextPaths() + "; restart Jacorn to change the applications", null);
            return;
        }
        List<Worker> booted;
        try {
            booted = boot(next, next.settings().workers());
        } catch (AppBootException e) {
            reloadFailed(e.getMessage(), e);
            return;
        }
        List<Worker> old = readyWorkers();
        generation = next;
        wanted = next.settings().workers();
        nextSpawnNanos = 0;
        backoff = FIRST_BACKOFF;
        admit(booted);
        retireReplaced(old, next);
        converge();
        events.reloaded(true);
        LOG.info("Reloaded: {} worker(s) READY in {} ms", booted.size(),
                TimeUnit.NANOSECONDS.toMillis(clock.getAsLong() - started));
    }

    /**
     * After a reload: each old worker drains, replaced by one of the new generation, and those
     * beyond the new number of workers (a TTIN since the last reload) as scaled down.
     */
    private void retireReplaced(List<Worker> old, Generation next) {
        for (Application application : next.applications()) {
            int replaced = 0;
            for (Worker worker : old) {
                if (!worker.application().contextPath().equals(application.contextPath())) {
                    continue;
                }
                if (replaced++ < next.settings().workers()) {
                    events.workerReplaced(worker, "reload");
                    retire(worker, "reload");
                } else {
                    retire(worker, "scaled down");
                }
            }
        }
    }

    private void reloadFailed(String why, Throwable cause) {
        String reason = why != null && why.endsWith(".") ? why.substring(0, why.length() - 1) : why;
        LOG.error("Reload failed: {}; the running workers keep serving", reason);
        if (cause != null) {
            LOG.debug("Reload failure", cause);
        }
        events.reloaded(false);
    }

    /** SIGTTIN. */
    private void addWorker() {
        wanted++;
        LOG.info("Scaling up to {} worker(s) per application", wanted);
    }

    /** SIGTTOU. */
    private void removeWorker() {
        if (wanted <= 1) {
            LOG.info("Not scaling down: {} worker per application is the minimum", wanted);
            return;
        }
        wanted--;
        LOG.info("Scaling down to {} worker(s) per application", wanted);
    }

    /**
     * The blue/green replacement every trigger uses: boot a new worker of the current generation's
     * application, and only once it is READY (and routed to), drain the old one.
     *
     * @throws AppBootException when the new worker cannot boot; the old one then keeps serving
     */
    private void replace(Worker old, String reason) {
        events.workerReplaced(old, reason);
        spawn(generation.applicationAt(old.application().contextPath()));
        retire(old, reason);
    }

    /**
     * Starts draining a worker in the background: its drain, a future, wakes the loop when it
     * completes, and {@link #stopDrainedWorkers} stops the worker then or at the deadline.
     */
    private void retire(Worker worker, String reason) {
        worker.beginDrain(reason);
        draining.put(worker, clock.getAsLong() + generation.settings().gracefulTimeout().toNanos());
        worker.drained().thenRun(() -> submit(Command.CHECK_WORKERS));
    }

    private void stopDrainedWorkers() {
        long now = clock.getAsLong();
        for (Map.Entry<Worker, Long> entry : List.copyOf(draining.entrySet())) {
            Worker worker = entry.getKey();
            if (worker.isDrained() || now > entry.getValue()) {
                reportCut(worker, generation.settings().gracefulTimeout());
                draining.remove(worker);
                stop(worker);
                leaks.check(worker);
            }
        }
    }

    /** Spawns or retires workers until every application has the wanted number (spawns wait out the back-off). */
    private void converge() {
        for (Application application : generation.applications()) {
            List<Worker> serving = servingWorkers(application.contextPath());
            for (int i = serving.size(); i < wanted && clock.getAsLong() >= nextSpawnNanos; i++) {
                try {
                    spawn(application);
                    backoff = FIRST_BACKOFF;
                } catch (AppBootException e) {
                    backOff("Worker failed to boot", e);
                }
            }
            for (int i = wanted; i < serving.size(); i++) {
                retire(serving.get(i - wanted), "scaled down");
            }
        }
    }

    /** After a failed boot: no spawn before the back-off has passed, and the next back-off is twice as long. */
    private void backOff(String what, AppBootException failure) {
        nextSpawnNanos = clock.getAsLong() + backoff.toNanos();
        LOG.error("{}: {}; trying again in {} s", what, failure.getMessage(), backoff.toSeconds());
        LOG.debug("Worker boot failure", failure);
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(LAST_BACKOFF) > 0 ? LAST_BACKOFF : doubled;
    }

    /** Boots one worker and routes requests to it. */
    private Worker spawn(Application application) {
        List<Worker> one = boot(List.of(application), generation.settings(), 1);
        admit(one);
        return one.get(0);
    }

    private List<Worker> boot(Generation target, int perApplication) {
        return boot(target.applications(), target.settings(), perApplication);
    }

    /**
     * Boots {@code perApplication} workers of every application, one after the other, without
     * routing any request to them: all or none. When one fails, those already booted are stopped
     * (and their class loaders checked) before the failure is thrown.
     *
     * @throws AppBootException the first boot failure
     */
    private List<Worker> boot(List<Application> applications, WorkerOptions settings, int perApplication) {
        List<Worker> booting = new ArrayList<>();
        for (Application application : applications) {
            for (int i = 0; i < perApplication; i++) {
                booting.add(new Worker(nextWorkerId.getAndIncrement(), application, settings,
                        settings.requestLimit(random), events, () -> submit(Command.CHECK_WORKERS)));
            }
        }
        try {
            LifeCycleList.startAll(booting);
        } catch (AppBootException e) {
            for (Worker worker : booting) {
                if (worker.state() == WorkerState.FAILED) {
                    events.workerReplaced(worker, "failed");
                } else if (worker.state() == WorkerState.STOPPED) {
                    leaks.track(worker);
                    leaks.check(worker);
                }
            }
            throw e;
        }
        return booting;
    }

    /** Routes requests to booted workers. */
    private void admit(List<Worker> booted) {
        for (Worker worker : booted) {
            workers.add(worker);
            router.add(worker);
            leaks.track(worker);
        }
    }

    private void stop(Worker worker) {
        worker.stop();
        router.remove(worker);
        workers.remove(worker);
    }

    private List<Worker> readyWorkers() {
        return workers.stream().filter(Worker::isReady).toList();
    }

    /** READY workers of one application, oldest first. */
    private List<Worker> servingWorkers(String contextPath) {
        return workers.stream().filter(w -> w.isReady() && w.application().contextPath().equals(contextPath))
                .toList();
    }

    /** Whether a second shutdown command asks to hurry. Any thread. */
    public boolean isHurried() {
        return commands.contains(Command.SHUTDOWN_QUICKLY) || commands.contains(Command.SHUTDOWN_GRACEFULLY);
    }

    /**
     * The graceful stop: workers keep serving (the router already closes every connection after
     * its response) until no request is in flight and none has arrived for a short quiet period
     * (so that keep-alive clients caught between two requests get their last answer with
     * {@code Connection: close}), or {@code deadline} passes, or a second shutdown signal asks to
     * hurry; then the connections still open between two requests are closed (a client that was
     * slower than the quiet period sends its next request on a new connection instead of getting
     * a 503 from workers that are gone), every worker drains what is left and stops, and the
     * requests cut are named.
     */
    public void shutdownGracefully(Duration deadline) {
        long end = clock.getAsLong() + deadline.toNanos();
        LOG.info("Shutting down: waiting up to {} s for {} request(s) in flight", deadline.toSeconds(),
                router.inFlight());
        boolean hurried = isHurried();
        while (!hurried) {
            long now = clock.getAsLong();
            if (now >= end) {
                break;
            }
            if (router.inFlight() > 0) {
                // Woken when every worker is idle, by a second signal, or at the deadline.
                CompletableFuture.allOf(workers.stream().map(Worker::idle).toArray(CompletableFuture[]::new))
                        .thenRun(() -> submit(Command.CHECK_WORKERS));
                hurried = awaitHurry(end - now);
                continue;
            }
            long quietLeft = QUIET.toNanos() - (now - router.lastRequestNanos());
            if (quietLeft <= 0) {
                break;
            }
            hurried = awaitHurry(Math.min(quietLeft, end - now));
        }
        closeIdleConnections.run();
        long left = Math.max(0, end - clock.getAsLong());
        stopAll(hurried ? Duration.ZERO : Duration.ofNanos(left), deadline);
    }

    /** Waits up to {@code nanos} for a command; returns whether it was a second shutdown command. */
    private boolean awaitHurry(long nanos) {
        try {
            Command command = commands.poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)), TimeUnit.MILLISECONDS);
            return command == Command.SHUTDOWN_GRACEFULLY || command == Command.SHUTDOWN_QUICKLY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Drains every worker for up to {@code deadline} (all together), names the requests cut, stops them all. */
    public void stopAll(Duration deadline) {
        stopAll(deadline, deadline);
    }

    private void stopAll(Duration deadline, Duration announced) {
        watchdog.stop();
        List<CompletableFuture<Void>> drains = new ArrayList<>();
        for (Worker worker : workers) {
            worker.beginDrain("shutdown");
            drains.add(worker.drained());
        }
        awaitAll(drains, deadline);
        List<Worker> stopping = List.copyOf(workers);
        for (Worker worker : stopping) {
            reportCut(worker, announced);
        }
        try {
            LifeCycleList.stopAll(stopping);
        } finally {
            stopping.forEach(worker -> {
                router.remove(worker);
                workers.remove(worker);
            });
            draining.clear();
            leaks.stop();
        }
    }

    /** Waits for every drain to complete, up to {@code deadline}; an interrupt ends the wait (and is kept). */
    private static void awaitAll(List<CompletableFuture<Void>> drains, Duration deadline) {
        try {
            CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new))
                    .get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // the requests still running are named and cut by the caller
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a drain cannot fail", e);
        }
    }

    /** At most this many requests are named in one drain line; a flood would make it hundreds of KB. */
    static final int NAMED_IN_ONE_LINE = 10;

    private static void reportCut(Worker worker, Duration deadline) {
        List<String> cut = worker.describeRequestsInFlight();
        if (!cut.isEmpty()) {
            LOG.warn("Worker {}: graceful timeout of {} s reached, cutting {} request(s) still running: {}",
                    worker.id(), deadline.toSeconds(), cut.size(), nameSome(cut));
        }
    }

    /** The first {@link #NAMED_IN_ONE_LINE} items joined by "; ", then how many more there are. */
    static String nameSome(List<String> items) {
        if (items.size() <= NAMED_IN_ONE_LINE) {
            return String.join("; ", items);
        }
        return String.join("; ", items.subList(0, NAMED_IN_ONE_LINE)) + "; and " + (items.size() - NAMED_IN_ONE_LINE)
                + " more";
    }

    /** Clock nanos of the loop's last turn, for the liveness check. */
    public long lastTurnNanos() {
        return lastTurn;
    }

    public List<Worker> workers() {
        return List.copyOf(workers);
    }

    /** The settings in force (they change on reload). Any thread. */
    public WorkerOptions settings() {
        return generation.settings();
    }

    /** The watchdog, for tests that drive its check by hand. */
    Watchdog watchdog() {
        return watchdog;
    }
}
