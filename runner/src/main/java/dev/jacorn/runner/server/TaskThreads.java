package dev.jacorn.runner.server;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jboss.threads.EnhancedQueueExecutor;
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
 * each endpoint call and puts this one back.
 */
final class TaskThreads extends AbstractExecutorService {

    private static final Logger LOG = LoggerFactory.getLogger(TaskThreads.class);

    static final int BASE = 2;
    static final Duration TICK = Duration.ofMillis(100);
    static final int STALLED_TICKS = 2;
    /** Ticks with nothing waiting before the extra threads are let go: a minute. */
    private static final int CALM_TICKS = 600;
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(60);
    private static final Runnable NOTHING = () -> { };

    private final EnhancedQueueExecutor pool;
    private final int maximum;
    private final LongAdder finished = new LongAdder();
    private final Thread monitor;
    private volatile boolean shutdown;

    private TaskThreads(int maximum) {
        this.maximum = maximum;
        this.pool = new EnhancedQueueExecutor.Builder()
                .setCorePoolSize(BASE)
                .setMaximumPoolSize(maximum)
                // Never grow on a submission; the monitor decides (see the class comment).
                .setGrowthResistance(1.0f)
                .setKeepAliveTime(KEEP_ALIVE)
                .setRegisterMBean(false)
                .setThreadFactory(factory(TaskThreads.class.getClassLoader()))
                .build();
        this.monitor = factory(TaskThreads.class.getClassLoader()).newThread(this::watch);
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
        pool.execute(() -> {
            try {
                task.run();
            } finally {
                finished.increment();
            }
        });
    }

    private void watch() {
        long lastFinished = finished.sum();
        int stalled = 0;
        int calm = 0;
        while (!shutdown) {
            LockSupport.parkNanos(TICK.toNanos());
            long now = finished.sum();
            boolean waiting = pool.getQueueSize() > 0;
            stalled = waiting && now == lastFinished ? stalled + 1 : 0;
            calm = waiting ? 0 : calm + 1;
            lastFinished = now;
            int allowed = pool.getCorePoolSize();
            if (stalled >= STALLED_TICKS && allowed < maximum) {
                pool.setCorePoolSize(allowed + 1);
                // A submission below the core size starts a thread, which then takes from the queue.
                pool.execute(NOTHING);
                stalled = 0;
                LOG.debug("Every I/O task thread is blocked and tasks wait: {} thread(s) now", allowed + 1);
            } else if (calm >= CALM_TICKS && allowed > BASE) {
                pool.setCorePoolSize(BASE);
                LOG.debug("No I/O task waited for a minute: back to {} threads", BASE);
            }
        }
    }

    @Override
    public void shutdown() {
        shutdown = true;
        LockSupport.unpark(monitor);
        pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        LockSupport.unpark(monitor);
        return pool.shutdownNow();
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
