package dev.jacorn.runner.supervise;

import dev.jacorn.adapter.AppBootException;
import dev.jacorn.adapter.Application;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * {@code --graceful-timeout}, before it is stopped and its class loader checked for leaks.
 *
 * <p>{@link #spawnAll}, {@link #run}, {@link #shutdownGracefully} and {@link #stopAll} are called
 * from one thread, the arbiter thread (the main thread); {@link #submit} from any thread.
 */
public final class Arbiter {

    private static final Logger LOG = LoggerFactory.getLogger(Arbiter.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration DRAIN_TICK = Duration.ofMillis(20);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration LAST_BACKOFF = Duration.ofSeconds(30);
    private static final Duration QUIET = Duration.ofMillis(300);

    private final Router router;
    private final SupervisorEvents events;
    private final Supplier<Generation> reread;
    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    /** Every worker not stopped yet, draining ones included; read by the watchdog. */
    private final List<Worker> workers = new CopyOnWriteArrayList<>();
    /** Draining workers and when their drain must end (nanotime). Arbiter thread only. */
    private final Map<Worker, Long> draining = new LinkedHashMap<>();
    private final AtomicInteger nextWorkerId = new AtomicInteger(1);
    private final Random random = new Random();
    private final LeakDetector leaks = new LeakDetector();
    private final Watchdog watchdog;
    private volatile Generation generation;
    private int wanted;
    private long nextSpawnNanos;
    private Duration backoff = FIRST_BACKOFF;
    private volatile long lastTurn = System.nanoTime();

    /**
     * @param reread builds the next generation for a reload: the settings re-read and the
     *     applications prepared again from disk; it throws when either cannot be done
     */
    public Arbiter(Generation generation, Router router, SupervisorEvents events, Supplier<Generation> reread) {
        this.generation = generation;
        this.router = router;
        this.events = events;
        this.reread = reread;
        this.wanted = generation.settings().workers();
        this.watchdog = new Watchdog(() -> workers, () -> this.generation.settings(), events);
        for (Application application : generation.applications()) {
            router.mount(application.contextPath());
        }
    }

    /** The foundation's shape: no reload source. */
    public Arbiter(List<Application> applications, WorkerSettings settings, Router router, SupervisorEvents events) {
        this(new Generation(applications, settings), router, events, () -> new Generation(applications, settings));
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
    public void spawnAll() {
        try {
            for (Application application : generation.applications()) {
                for (int i = 0; i < wanted; i++) {
                    spawn(application);
                }
            }
        } catch (RuntimeException e) {
            stopAll(Duration.ZERO);
            throw e;
        }
        watchdog.start();
    }

    /**
     * Turns the loop until a shutdown command arrives, and returns that command. The caller then
     * orders the shutdown (listeners first, then {@link #shutdownGracefully} or {@link #stopAll}).
     */
    public Command run() {
        while (true) {
            lastTurn = System.nanoTime();
            Command command = next();
            if (command == Command.SHUTDOWN_GRACEFULLY || command == Command.SHUTDOWN_QUICKLY) {
                return command;
            }
            if (command != null) {
                handle(command);
            }
            maintain();
        }
    }

    private Command next() {
        Duration wait = draining.isEmpty() ? TICK : DRAIN_TICK;
        try {
            return commands.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
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
        if (System.nanoTime() < nextSpawnNanos) {
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

    /** SIGHUP: re-read the settings, prepare the applications again from disk, replace every worker. */
    private void reload() {
        long started = System.nanoTime();
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
        generation = next;
        nextSpawnNanos = 0;
        backoff = FIRST_BACKOFF;
        for (Worker old : readyWorkers()) {
            try {
                replace(old, "reload");
            } catch (AppBootException e) {
                generation = previous;
                reloadFailed(e.getMessage(), e);
                return;
            }
        }
        wanted = next.settings().workers();
        converge();
        events.reloaded(true);
        LOG.info("Reloaded: {} worker(s) READY in {} ms", readyWorkers().size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
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

    /** Starts draining a worker in the background; {@link #stopDrainedWorkers} stops it. */
    private void retire(Worker worker, String reason) {
        worker.beginDrain(reason);
        draining.put(worker, System.nanoTime() + generation.settings().gracefulTimeout().toNanos());
    }

    private void stopDrainedWorkers() {
        long now = System.nanoTime();
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
            for (int i = serving.size(); i < wanted && System.nanoTime() >= nextSpawnNanos; i++) {
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
        nextSpawnNanos = System.nanoTime() + backoff.toNanos();
        LOG.error("{}: {}; trying again in {} s", what, failure.getMessage(), backoff.toSeconds());
        LOG.debug("Worker boot failure", failure);
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(LAST_BACKOFF) > 0 ? LAST_BACKOFF : doubled;
    }

    private Worker spawn(Application application) {
        WorkerSettings settings = generation.settings();
        Worker worker = new Worker(nextWorkerId.getAndIncrement(), application, settings,
                settings.requestLimit(random), events, () -> submit(Command.CHECK_WORKERS));
        try {
            worker.boot();
        } catch (AppBootException e) {
            events.workerReplaced(worker, "failed");
            throw e;
        }
        workers.add(worker);
        router.add(worker);
        leaks.track(worker);
        return worker;
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
     * {@code Connection: close}), or {@code deadline} passes; then every worker drains what is
     * left and stops, and the requests cut are named.
     */
    public void shutdownGracefully(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        LOG.info("Shutting down: waiting up to {} s for {} request(s) in flight", deadline.toSeconds(),
                router.inFlight());
        while ((router.inFlight() > 0 || System.nanoTime() - router.lastRequestNanos() < QUIET.toNanos())
                && System.nanoTime() < end && !isHurried()) {
            Pause.briefly();
        }
        stopAll(isHurried() ? Duration.ZERO : Duration.ofNanos(Math.max(0, end - System.nanoTime())), deadline);
    }

    /** Drains every worker for up to {@code deadline} (all together), names the requests cut, stops them all. */
    public void stopAll(Duration deadline) {
        stopAll(deadline, deadline);
    }

    private void stopAll(Duration deadline, Duration announced) {
        watchdog.close();
        long end = System.nanoTime() + deadline.toNanos();
        for (Worker worker : workers) {
            worker.drain(Duration.ofNanos(Math.max(0, end - System.nanoTime())), "shutdown");
        }
        for (Worker worker : workers) {
            reportCut(worker, announced);
            stop(worker);
        }
        draining.clear();
        leaks.close();
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

    /** Nanotime of the loop's last turn, for the liveness check. */
    public long lastTurnNanos() {
        return lastTurn;
    }

    public List<Worker> workers() {
        return List.copyOf(workers);
    }

    /** The settings in force (they change on reload). Any thread. */
    public WorkerSettings settings() {
        return generation.settings();
    }
}
