package dev.jacorn.runner.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool behind the I/O threads' tasks: TLS handshake work and WebSocket endpoint code, which
 * Undertow hands every {@code @OnOpen} and message.
 *
 * <p><b>Endpoints may block.</b> Endpoint code may wait on a database or in a basic remote's send to
 * a client that stopped reading, as it may on Tomcat's 200 threads; with a fixed pool of one thread
 * per core, two blocked endpoints held up every other session of the process. A pool that simply
 * grows whenever its threads are busy does not do either: under a steady stream of messages it
 * wakes a new thread for each one (measured: 11-17 % more CPU per message than two threads taking
 * turns at the queue). So it works as a starvation detector, as the .NET thread pool does: two
 * threads take the tasks in turn, and when tasks wait while none has finished for
 * {@value #STALLED_TICKS} checks {@link #TICK} apart, every thread is taken to be blocked and one
 * more is added, up to {@link #maximum}; after a minute with nothing waiting the extra threads
 * go again.
 *
 * <p><b>No thread keeps an application.</b> Its threads outlive the workers whose code they run. A
 * thread is made by whichever thread submits the task that needs it, often a request thread with
 * the application's loader as its context class loader, which a new thread would inherit (with its
 * inheritable thread-locals) and hold after the worker retires. Each thread here starts with the
 * runner's own loader and no inherited thread-locals; Undertow sets the application's loader around
 * each endpoint call and puts this one back. And an idle thread holds no finished task: the JDK's
 * pool drops its reference to a task before waiting for the next one, where the jboss-threads pool
 * XNIO uses by default could keep a retired worker's endpoint, and with it its class loader,
 * reachable from an idle thread until that thread ran something else (seen once by
 * {@code WebSocketChatIT}'s leak check, "held by: nothing Jacorn can name").
 */
final class TaskThreads extends AbstractExecutorService {

    private static final Logger LOG = LoggerFactory.getLogger(TaskThreads.class);

    static final int BASE = 2;
    static final Duration TICK = Duration.ofMillis(100);
    static final int STALLED_TICKS = 2;
    /** Ticks with nothing waiting before the extra threads are let go: a minute. */
    private static final int CALM_TICKS = 600;
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(60);

    private final ThreadPoolExecutor pool;
    private final int maximum;
    private final Thread monitor;

    private TaskThreads(int maximum) {
        this.maximum = maximum;
        // An unbounded queue: a submission never adds a thread past the core size; the monitor
        // raises the core size instead (see the class comment).
        ThreadFactory threads = factory(TaskThreads.class.getClassLoader());
        this.pool = new ThreadPoolExecutor(BASE, maximum, KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads);
        this.monitor = threads.newThread(this::watch);
        this.monitor.setName("io-task-monitor");
    }

    /** Up to eight threads per core, sixteen at least. */
    static int maximum(int cores) {
        return Math.max(16, 8 * cores);
    }

    static TaskThreads start(int cores) {
        TaskThreads threads = new TaskThreads(maximum(cores));
        threads.monitor.start();
        return threads;
    }

    static ThreadFactory factory(ClassLoader loader) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(null, task, "io-task-" + count.incrementAndGet(), 0, false);
            thread.setContextClassLoader(loader);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Threads the pool may use now: two, plus those added while every thread was blocked. */
    int allowed() {
        return pool.getCorePoolSize();
    }

    /** Threads the pool has now, busy or idle. */
    int threads() {
        return pool.getPoolSize();
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    private void watch() {
        long lastFinished = pool.getCompletedTaskCount();
        int stalled = 0;
        int calm = 0;
        while (!pool.isShutdown()) {
            LockSupport.parkNanos(TICK.toNanos());
            long now = pool.getCompletedTaskCount();
            boolean waiting = !pool.getQueue().isEmpty();
            stalled = waiting && now == lastFinished ? stalled + 1 : 0;
            calm = waiting ? 0 : calm + 1;
            lastFinished = now;
            int allowed = pool.getCorePoolSize();
            if (stalled >= STALLED_TICKS && allowed < maximum) {
                // With tasks queued, the pool starts the new thread at once; it takes from the queue.
                pool.setCorePoolSize(allowed + 1);
                stalled = 0;
                LOG.debug("Every I/O task thread is blocked and tasks wait: {} thread(s) now", allowed + 1);
            } else if (calm >= CALM_TICKS && allowed > BASE) {
                // The threads past it end when next idle.
                pool.setCorePoolSize(BASE);
                LOG.debug("No I/O task waited for a minute: back to {} threads", BASE);
            }
        }
    }

    @Override
    public void shutdown() {
        pool.shutdown();
        LockSupport.unpark(monitor);
    }

    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> unstarted = pool.shutdownNow();
        LockSupport.unpark(monitor);
        return unstarted;
    }

    @Override
    public boolean isShutdown() {
        return pool.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }
}
