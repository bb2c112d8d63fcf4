package dev.jacorn.runner.server;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.threads.EnhancedQueueExecutor;

/**
 * The pool behind the I/O threads' tasks: TLS handshake work and WebSocket endpoint code, which
 * Undertow hands every {@code @OnOpen} and message. Endpoint code may block (a database call, a
 * basic remote's send to a client that stopped reading), as it may on Tomcat's 200 threads, so the
 * pool grows to {@link #maximum} threads; with one per core, two blocked endpoints held up every
 * other session of the process.
 *
 * <p>Its threads outlive the workers whose code they run, so none may keep a worker's class
 * loader: a thread is made by whichever thread first submits more work than the pool has threads,
 * often a request thread with the application's loader as its context class loader, which a new
 * thread would inherit (with its inheritable thread-locals) and hold after the worker retires. Each
 * thread here starts with the runner's own loader and no inherited thread-locals; Undertow sets the
 * application's loader around each endpoint call and puts this one back.
 */
final class TaskThreads {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(60);

    private TaskThreads() {
    }

    /** Threads past the first two are made only while the others are busy, and end after a minute idle. */
    static int maximum(int cores) {
        return Math.max(16, 8 * cores);
    }

    static ExecutorService start(int cores) {
        return new EnhancedQueueExecutor.Builder()
                .setCorePoolSize(2)
                .setMaximumPoolSize(maximum(cores))
                .setKeepAliveTime(KEEP_ALIVE)
                .setRegisterMBean(false)
                .setThreadFactory(factory(TaskThreads.class.getClassLoader()))
                .build();
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
}
