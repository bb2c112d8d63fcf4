package dev.jacorn.runner.supervise;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.jacorn.runner.lifecycle.AbstractLifeCycle;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks that the class loader of every stopped worker can be collected, as a reload or a
 * recycle must not keep old copies of the application in memory.
 *
 * <p>After a worker stops, its loader (held only weakly here) must clear once the garbage
 * collector has run. If it does not, the detector logs a warning naming the application and what
 * holds the loader where it can be found (a thread whose context class loader is the
 * application's, or whose class is the application's), then clears what a container can clear on
 * the application's behalf (as Tomcat does): it interrupts those threads and resets their context
 * class loader, and drops the application's {@link ResourceBundle} cache; it says what it
 * cleared, and checks again. Request threads are the worker's own and stop with it, so the
 * ThreadLocals an application leaves on them go with them.
 *
 * <p>Every check ends with an info line counting the application class loaders still alive:
 * {@code N application class loader(s) live}.
 *
 * <p>{@link #track} and {@link #check} are called by the arbiter thread and never block: the
 * checks run on the daemon thread {@code jacorn-leak-check}, which looks at most every half second.
 * A loader counts as leaked when it is still there five seconds after its worker stopped and after
 * at least {@value #COLLECTIONS_FOR_VERDICT} collections that could have taken it.
 *
 * <p>Those collections must not stall the applications still serving. The detector asks for one
 * ({@code System.gc()}) only when that runs beside the application (G1 with
 * {@code -XX:+ExplicitGCInvokesConcurrent}, ZGC, Shenandoah) or when no request has been in flight
 * for a moment: with the default G1, an explicit collection stops every thread for the whole heap,
 * which right after a reload under load stalled every request for over two seconds
 * ({@code bench/reload/reload_p99.py --timeline}). Otherwise it waits for the JVM's own collections,
 * counting those that unloaded classes (only a full marking does), so a reload under steady
 * traffic pays nothing and the verdict comes with the next old-generation cycle. The thread runs
 * from {@link #start} to {@link #stop}; checks asked for before the start wait for it.
 */
final class LeakDetector extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(LeakDetector.class);
    /** How long a loader may take to be collected before it counts as leaked. */
    private static final long COLLECT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** At most one look (and explicit collection) per this many milliseconds, however often workers stop. */
    private static final long GC_INTERVAL_MILLIS = 500;
    /** Collections a loader must survive, after its deadline, to count as leaked. */
    static final int COLLECTIONS_FOR_VERDICT = 2;

    /**
     * One stopped worker's loader being watched.
     *
     * @param collections collections since the check began that could have collected the loader:
     *     two, because a concurrent marking already under way when the worker stopped keeps what
     *     was live at its start
     */
    private record Check(String who, String application, WeakReference<? extends ClassLoader> reference,
            long deadline, boolean cleared, int collections) {

        Check collected() {
            return new Check(who, application, reference, deadline, cleared, collections + 1);
        }
    }

    private final Set<WeakReference<? extends ClassLoader>> loaders = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Check> incoming = new LinkedBlockingQueue<>();
    private final Thread thread = new Thread(this::checkLoop, "jacorn-leak-check");
    private final BooleanSupplier quiet;
    private final boolean concurrentExplicitGc = explicitCollectionRunsConcurrently();
    private final ClassLoadingMXBean classLoading = ManagementFactory.getClassLoadingMXBean();
    private final AtomicLong looks = new AtomicLong();
    private volatile boolean closed;

    /** @param quiet whether no request is in flight and none came for a moment: a pause would stall nobody */
    LeakDetector(BooleanSupplier quiet) {
        this.quiet = quiet;
        thread.setDaemon(true);
    }

    /** Whether {@code System.gc()} runs beside the application rather than stopping it for the whole heap. */
    static boolean explicitCollectionRunsConcurrently() {
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector.getName().startsWith("ZGC") || collector.getName().startsWith("Shenandoah")) {
                return true;
            }
        }
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotspot != null && Boolean.parseBoolean(hotspot.getVMOption("ExplicitGCInvokesConcurrent").getValue());
        } catch (IllegalArgumentException | UnsupportedOperationException notHotSpot) {
            return false;
        }
    }

    @Override
    protected void doStart() {
        thread.start();
    }

    /** Counts a booted worker's loader among the live ones. */
    void track(Worker worker) {
        loaders.add(worker.classLoaderReference());
    }

    /** Checks, in the background, that the stopped worker's loader can be collected. */
    void check(Worker worker) {
        check("worker " + worker.id() + " (" + worker.application().name() + ")", worker.application().name(),
                worker.classLoaderReference());
    }

    /** As {@link #check(Worker)}, for the loader {@code reference} names, logged as {@code who}. */
    void check(String who, String application, WeakReference<? extends ClassLoader> reference) {
        incoming.add(new Check(who, application, reference, System.nanoTime() + COLLECT_WAIT_NANOS, false, 0));
    }

    /** How many times the checks have looked so far: each look may have asked for a collection. */
    long looks() {
        return looks.get();
    }

    /** Batches the checks: one collection serves every loader waiting, so recycling often stays cheap. */
    private void checkLoop() {
        List<Check> pending = new ArrayList<>();
        long unloaded = classLoading.getUnloadedClassCount();
        try {
            while (!closed) {
                if (pending.isEmpty()) {
                    pending.add(incoming.take());
                    unloaded = classLoading.getUnloadedClassCount();
                }
                incoming.drainTo(pending);
                boolean collected = false;
                if (concurrentExplicitGc || quiet.getAsBoolean()) {
                    System.gc();
                    collected = true;
                }
                // Classes are unloaded only by a collection that marked the whole heap.
                long nowUnloaded = classLoading.getUnloadedClassCount();
                collected |= nowUnloaded != unloaded;
                unloaded = nowUnloaded;
                List<Check> next = new ArrayList<>();
                for (Check check : pending) {
                    Check still = inspect(collected ? check.collected() : check);
                    if (still != null) {
                        next.add(still);
                    }
                }
                pending = next;
                looks.incrementAndGet();
                Thread.sleep(GC_INTERVAL_MILLIS);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    /** Returns the check to repeat after the next collection, or null when it is settled. */
    private Check inspect(Check check) {
        if (check.reference().get() == null) {
            LOG.info("Class loader of {} collected{}; {} application class loader(s) live", check.who(),
                    check.cleared() ? " after clearing" : "", liveLoaders());
            return null;
        }
        if (System.nanoTime() < check.deadline() || check.collections() < COLLECTIONS_FOR_VERDICT) {
            return check;
        }
        if (check.cleared()) {
            LOG.warn("Class loader of {} is still not collected; {} application class loader(s) live", check.who(),
                    liveLoaders());
            return null;
        }
        List<String> holders = holders(check.reference());
        LOG.warn("Class loader of {} was not collected after undeploy: the application leaks, and every reload"
                + " keeps another copy of it in memory; held by: {}", check.who(),
                holders.isEmpty() ? "nothing Jacorn can name (look for static caches, JDBC drivers, MBeans or"
                        + " shutdown hooks registered by the application)" : String.join("; ", holders));
        LOG.warn("Cleared on behalf of {}: {}", check.application(), String.join("; ", clear(check.reference())));
        return new Check(check.who(), check.application(), check.reference(), System.nanoTime() + COLLECT_WAIT_NANOS,
                true, 0);
    }

    /** What holds the loader, as far as the platform lets us see. Keep the strong reference local. */
    private static List<String> holders(WeakReference<? extends ClassLoader> reference) {
        ClassLoader loader = reference.get();
        List<String> holders = new ArrayList<>();
        if (loader == null) {
            return holders;
        }
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getContextClassLoader() == loader) {
                holders.add("thread \"" + thread.getName() + "\" (started by the application and still running;"
                        + " its context class loader is the application's)");
            } else if (thread.getClass().getClassLoader() == loader) {
                holders.add("thread \"" + thread.getName() + "\" (an application Thread class, still running)");
            }
        }
        return holders;
    }

    /** Clears the well-known leaks; returns what was done, in words. */
    private static List<String> clear(WeakReference<? extends ClassLoader> reference) {
        ClassLoader loader = reference.get();
        List<String> cleared = new ArrayList<>();
        if (loader == null) {
            return cleared;
        }
        ClassLoader ours = LeakDetector.class.getClassLoader();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getContextClassLoader() == loader || thread.getClass().getClassLoader() == loader) {
                thread.setContextClassLoader(ours);
                thread.interrupt();
                cleared.add("interrupted thread \"" + thread.getName() + "\" and reset its context class loader");
            }
        }
        ResourceBundle.clearCache(loader);
        cleared.add("the ResourceBundle cache of its class loader");
        return cleared;
    }

    /** Application class loaders not collected yet (after a collection), booted workers' included. */
    private int liveLoaders() {
        loaders.removeIf(reference -> reference.get() == null);
        return loaders.size();
    }

    @Override
    protected void doStop() {
        closed = true;
        thread.interrupt();
    }
}
