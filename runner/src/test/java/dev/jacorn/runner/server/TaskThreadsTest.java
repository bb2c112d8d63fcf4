package dev.jacorn.runner.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.testing.Await;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * The task pool behind the I/O threads, where WebSocket endpoint code runs: endpoints that block
 * do not use it up, a busy stream of short tasks does not make it grow, and its threads, which
 * outlive every worker, never keep a worker's class loader however they were made.
 */
class TaskThreadsTest {

    private static final InheritableThreadLocal<Object> REQUEST_STATE = new InheritableThreadLocal<>();

    @Test
    void moreEndpointsThanCoresMayBlockAtOnceAndEachThreadStartsWithTheRunnersLoader() throws Exception {
        ClassLoader application = new URLClassLoader(new URL[0], null);
        int blocked = 2 * 2 + 3;
        TaskThreads tasks = TaskThreads.start(2);
        CountDownLatch allRunning = new CountDownLatch(blocked);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> threads = new CopyOnWriteArrayList<>();
        List<Object> inherited = new CopyOnWriteArrayList<>();
        // Submitted from a thread as a request thread is inside an application: its loader as the
        // context class loader and an inheritable thread-local set; every submission past the pool's
        // idle threads makes a new thread from here.
        Thread submitter = new Thread(() -> {
            REQUEST_STATE.set("a request's state");
            for (int i = 0; i < blocked; i++) {
                tasks.execute(() -> {
                    threads.add(Thread.currentThread());
                    inherited.add(String.valueOf(REQUEST_STATE.get()));
                    allRunning.countDown();
                    awaitQuietly(release);
                });
            }
        });
        submitter.setContextClassLoader(application);
        try {
            submitter.start();
            // The monitor adds a thread each time every thread is blocked and tasks wait.
            assertTrue(allRunning.await(30, TimeUnit.SECONDS),
                    "every blocked task got a thread of its own (" + (blocked - allRunning.getCount()) + " of " + blocked + ")");
            assertEquals(List.of("null"), inherited.stream().distinct().toList());
            // While a task runs, the pool lends it the submitter's loader; once it ends, the thread
            // goes back to its own, which is what it holds while idle.
            release.countDown();
            Await.until("every idle task thread holds the runner's loader, not the application's",
                    Duration.ofSeconds(10), () -> threads.stream().allMatch(
                            t -> t.getContextClassLoader() == TaskThreads.class.getClassLoader()));
        } finally {
            release.countDown();
            tasks.shutdown();
            assertTrue(tasks.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertNull(REQUEST_STATE.get());
    }

    @Test
    void aStreamOfShortTasksKeepsTwoThreadsTakingTurns() throws Exception {
        TaskThreads tasks = TaskThreads.start(2);
        LongAdder done = new LongAdder();
        List<Thread> submitters = new CopyOnWriteArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        try {
            for (int i = 0; i < 4; i++) {
                Thread submitter = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        tasks.execute(() -> {
                            Blackhole.spin(20_000);
                            done.increment();
                        });
                        Blackhole.spin(20_000);
                    }
                });
                submitters.add(submitter);
                submitter.start();
            }
            for (Thread submitter : submitters) {
                submitter.join();
            }
            assertTrue(done.sum() > 1_000, done.sum() + " tasks ran");
            assertEquals(TaskThreads.BASE, tasks.allowed(), "tasks kept finishing, so no thread was added");
            assertEquals(TaskThreads.BASE, tasks.threads());
        } finally {
            tasks.shutdown();
            assertTrue(tasks.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void anIdleThreadHoldsNoFinishedTaskSoARetiredApplicationCanBeCollected() throws Exception {
        TaskThreads tasks = TaskThreads.start(2);
        try {
            WeakReference<Object> endpoint = runOneTask(tasks);
            Await.until("the finished task's objects are collected while the pool's threads are idle",
                    Duration.ofSeconds(20), () -> {
                        System.gc();
                        return endpoint.get() == null;
                    });
        } finally {
            tasks.shutdown();
            assertTrue(tasks.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    /** Runs a task that holds an object (an endpoint, say) and returns once it has finished. */
    private static WeakReference<Object> runOneTask(TaskThreads tasks) throws InterruptedException {
        Object endpoint = new Object();
        CountDownLatch ran = new CountDownLatch(1);
        tasks.execute(() -> {
            Objects.requireNonNull(endpoint);
            ran.countDown();
        });
        assertTrue(ran.await(30, TimeUnit.SECONDS));
        return new WeakReference<>(endpoint);
    }

    @Test
    void thePoolGrowsToEightThreadsPerCoreAndSixteenAtLeast() {
        assertEquals(16, TaskThreads.maximum(1));
        assertEquals(16, TaskThreads.maximum(2));
        assertEquals(64, TaskThreads.maximum(8));
    }

    /** Work the JIT cannot remove: a few microseconds of arithmetic. */
    private static final class Blackhole {
        static volatile long sink;

        static void spin(int rounds) {
            long x = rounds;
            for (int i = 0; i < rounds; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            sink = x;
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
