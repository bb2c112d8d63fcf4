package dev.jacorn.runner.supervise;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How a worker runs its requests ({@code --worker-class}): on a pool of platform threads, or on
 * one virtual thread per request.
 *
 * <p>The build targets Java 17, which has no virtual threads; {@link #VIRTUAL} finds
 * {@code Executors.newVirtualThreadPerTaskExecutor()} at run time with a single method-handle
 * lookup, and is {@linkplain #isAvailable() unavailable} on Java 17-20.
 */
public enum WorkerClass {
    THREAD,
    VIRTUAL;

    /** {@code Executors.newVirtualThreadPerTaskExecutor()} on Java 21+, else {@code null}. */
    private static final MethodHandle NEW_VIRTUAL_EXECUTOR = findVirtualExecutorFactory();

    private static MethodHandle findVirtualExecutorFactory() {
        try {
            return MethodHandles.publicLookup().findStatic(java.util.concurrent.Executors.class,
                    "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    /** {@code thread} or {@code virtual}, as {@code --worker-class} spells it. */
    public static WorkerClass parse(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** Whether this JVM can run this worker class. */
    public boolean isAvailable() {
        return this == THREAD || NEW_VIRTUAL_EXECUTOR != null;
    }

    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** A new executor for one worker's requests. Its threads are daemons named {@code worker-ID-...}. */
    ExecutorService newExecutor(int workerId, int threads) {
        if (this == VIRTUAL) {
            try {
                return (ExecutorService) NEW_VIRTUAL_EXECUTOR.invokeExact();
            } catch (Throwable e) {
                throw new IllegalStateException("--worker-class virtual needs Java 21 or newer", e);
            }
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "worker-" + workerId + "-thread-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
