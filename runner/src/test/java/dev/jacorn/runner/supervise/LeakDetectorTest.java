package dev.jacorn.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The leak check never stops a busy JVM for a full collection: with the default G1, an explicit
 * collection pauses every thread for the whole heap, which right after a reload under load stalled
 * every request for seconds. It asks for one only when no request is in flight.
 */
class LeakDetectorTest {

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final AtomicBoolean quiet = new AtomicBoolean();
    private LeakDetector detector;

    @BeforeEach
    void start() {
        log.start();
        ((Logger) LoggerFactory.getLogger(LeakDetector.class)).addAppender(log);
        detector = new LeakDetector(quiet::get);
        detector.start();
    }

    @AfterEach
    void stop() {
        detector.stop();
        ((Logger) LoggerFactory.getLogger(LeakDetector.class)).detachAppender(log);
    }

    @Test
    void aBusyJvmIsNotStoppedForAFullCollectionAndNoLeakIsClaimedWithoutOne() {
        Optional<GarbageCollectorMXBean> full = fullCollector();
        assumeTrue(full.isPresent(), "this JVM's collector has no stop-the-world full collection to count");
        assumeFalse(LeakDetector.explicitCollectionRunsConcurrently(), "System.gc() runs concurrently here");
        long fullBefore = full.get().getCollectionCount();
        // A loader held for the whole test: were a verdict reached, it would be "not collected".
        URLClassLoader held = new URLClassLoader(new URL[0], null);
        detector.check("worker 9 (busy)", "busy", new WeakReference<>(held));
        long looked = detector.looks();
        awaitLooks(looked + 4);
        assertEquals(fullBefore, full.get().getCollectionCount(), "full collections while requests were in flight");
        assertTrue(messages().stream().noneMatch(m -> m.contains("not collected")), String.join("\n", messages()));
        assertTrue(held.getURLs().length == 0);
    }

    @Test
    void aQuietJvmIsCollectedAtOnceAndAHeldLoaderIsNamedAsALeak() throws Exception {
        quiet.set(true);
        URLClassLoader dropped = new URLClassLoader(new URL[0], null);
        WeakReference<ClassLoader> droppedReference = new WeakReference<>(dropped);
        dropped = null;
        URLClassLoader held = new URLClassLoader(new URL[0], null);
        detector.check("worker 1 (gone)", "gone", droppedReference);
        detector.check("worker 2 (kept)", "kept", new WeakReference<>(held));
        awaitMessage("Class loader of worker 1 (gone) collected", Duration.ofSeconds(30));
        awaitMessage("Class loader of worker 2 (kept) was not collected after undeploy", Duration.ofSeconds(30));
        assertTrue(held.getURLs().length == 0);
    }

    private static Optional<GarbageCollectorMXBean> fullCollector() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .filter(c -> c.getName().equals("G1 Old Generation") || c.getName().equals("PS MarkSweep")
                        || c.getName().equals("MarkSweepCompact"))
                .findFirst();
    }

    private List<String> messages() {
        // ListAppender adds under the appender's own lock (AppenderBase.doAppend), not the list's.
        synchronized (log) {
            return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private void awaitLooks(long wanted) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (detector.looks() < wanted) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the leak check looked " + detector.looks() + " times, not " + wanted);
            }
            Thread.onSpinWait();
            sleepBriefly();
        }
    }

    private void awaitMessage(String start, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (messages().stream().noneMatch(m -> m.startsWith(start))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line starting \"" + start + "\" within " + timeout + ":\n"
                        + String.join("\n", messages()));
            }
            sleepBriefly();
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
