package dev.jacorn.runner.supervise;

import dev.jacorn.adapter.Application;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervision loop, and the one place that changes the set of workers. Like Gunicorn's
 * arbiter: it waits for a command (from a signal handler, a watcher, an admin call) or a tick,
 * acts on it, then maintains the workers.
 *
 * <p>{@link #spawnAll}, {@link #run} and {@link #stopAll} are called from one thread, the
 * arbiter thread (the main thread); {@link #submit} from any thread.
 */
public final class Arbiter {

    private static final Logger LOG = LoggerFactory.getLogger(Arbiter.class);
    private static final Duration TICK = Duration.ofSeconds(1);

    private final List<Application> applications;
    private final WorkerSettings settings;
    private final Router router;
    private final SupervisorEvents events;
    private final BlockingQueue<Command> commands = new LinkedBlockingQueue<>();
    private final List<Worker> workers = new ArrayList<>();
    private final AtomicInteger nextWorkerId = new AtomicInteger(1);
    private volatile long lastTurn = System.nanoTime();

    public Arbiter(List<Application> applications, WorkerSettings settings, Router router, SupervisorEvents events) {
        this.applications = List.copyOf(applications);
        this.settings = settings;
        this.router = router;
        this.events = events;
        for (Application application : applications) {
            router.mount(application.contextPath());
        }
    }

    /** Enqueues a command for the arbiter thread. Any thread; never blocks. */
    public void submit(Command command) {
        commands.add(command);
    }

    /**
     * Boots the wanted number of workers for every application, one after the other.
     *
     * @throws dev.jacorn.adapter.AppBootException when one fails; the workers already booted are
     *     stopped again first
     */
    public void spawnAll() {
        try {
            for (Application application : applications) {
                for (int i = 0; i < settings.workers(); i++) {
                    spawn(application);
                }
            }
        } catch (RuntimeException e) {
            stopAll(Duration.ZERO);
            throw e;
        }
    }

    private Worker spawn(Application application) {
        Worker worker = new Worker(nextWorkerId.getAndIncrement(), application, settings.threads(),
                settings.tempDir());
        workers.add(worker);
        worker.boot();
        router.add(worker);
        return worker;
    }

    /**
     * Turns the loop until a shutdown command arrives, and returns that command. The caller then
     * orders the shutdown (listeners first, then {@link #stopAll}).
     */
    public Command run() {
        while (true) {
            lastTurn = System.nanoTime();
            Command command = next();
            if (command == null) {
                continue;
            }
            switch (command) {
                case SHUTDOWN_GRACEFULLY, SHUTDOWN_QUICKLY -> {
                    return command;
                }
            }
        }
    }

    private Command next() {
        try {
            return commands.poll(TICK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Command.SHUTDOWN_QUICKLY;
        }
    }

    /** Whether a second shutdown command asks to hurry. Any thread. */
    public boolean isHurried() {
        return commands.contains(Command.SHUTDOWN_QUICKLY) || commands.contains(Command.SHUTDOWN_GRACEFULLY);
    }

    /**
     * The graceful stop: workers keep serving (the router already closes every connection after
     * its response) until no request is in flight or {@code deadline} passes; then every worker
     * drains what is left and stops.
     */
    public void shutdownGracefully(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        LOG.info("Shutting down: waiting up to {} s for {} request(s) in flight", deadline.toSeconds(),
                router.inFlight());
        while (router.inFlight() > 0 && System.nanoTime() < end && !isHurried()) {
            pause();
        }
        stopAll(isHurried() ? Duration.ZERO : Duration.ofNanos(Math.max(0, end - System.nanoTime())));
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Drains every worker for up to {@code deadline} (all together, not one after another), names
     * the requests that were still running, then stops them all.
     */
    public void stopAll(Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        for (Worker worker : workers) {
            Duration left = Duration.ofNanos(Math.max(0, end - System.nanoTime()));
            int cut = worker.drain(left, "shutdown");
            if (cut > 0) {
                LOG.warn("Worker {}: graceful timeout of {} s reached, cutting {} request(s) still running",
                        worker.id(), deadline.toSeconds(), cut);
            }
        }
        for (Worker worker : workers) {
            router.remove(worker);
            worker.stop();
        }
        workers.clear();
    }

    /** Nanotime of the loop's last turn, for the liveness check. */
    public long lastTurnNanos() {
        return lastTurn;
    }

    public List<Worker> workers() {
        return List.copyOf(workers);
    }
}
