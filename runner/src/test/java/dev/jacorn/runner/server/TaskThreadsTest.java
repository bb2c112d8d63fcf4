package dev.jacorn.runner.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.testing.Await;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The task pool behind the I/O threads, where WebSocket endpoint code runs: endpoints that block
 * do not use it up, and its threads, which outlive every worker, never keep a worker's class loader
 * however they were made.
 */
class TaskThreadsTest {

    private static final InheritableThreadLocal<Object> REQUEST_STATE = new InheritableThreadLocal<>();

    @Test
    void moreEndpointsThanCoresMayBlockAtOnceAndEachThreadStartsWithTheRunnersLoader() throws Exception {
        ClassLoader application = new URLClassLoader(new URL[0], null);
        int blocked = 2 * 2 + 3;
        ExecutorService tasks = TaskThreads.start(2);
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
    void thePoolGrowsToEightThreadsPerCoreAndSixteenAtLeast() {
        assertEquals(16, TaskThreads.maximum(1));
        assertEquals(16, TaskThreads.maximum(2));
        assertEquals(64, TaskThreads.maximum(8));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
