package dev.jacorn.runner.supervise;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
 * checks run one after the other on the daemon thread {@code jacorn-leak-check}.
 */
final class LeakDetector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeakDetector.class);
    private static final long COLLECT_WAIT_MILLIS = 5_000;

    private final Set<WeakReference<? extends ClassLoader>> loaders = ConcurrentHashMap.newKeySet();
    private final ExecutorService checks = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "jacorn-leak-check");
        thread.setDaemon(true);
        return thread;
    });

    /** Counts a booted worker's loader among the live ones. */
    void track(Worker worker) {
        loaders.add(worker.classLoaderReference());
    }

    /** Checks, in the background, that the stopped worker's loader can be collected. */
    void check(Worker worker) {
        WeakReference<? extends ClassLoader> reference = worker.classLoaderReference();
        String who = "worker " + worker.id() + " (" + worker.application().name() + ")";
        String application = worker.application().name();
        checks.execute(() -> inspect(who, application, reference));
    }

    private void inspect(String who, String application, WeakReference<? extends ClassLoader> reference) {
        if (awaitCollected(reference)) {
            LOG.info("Class loader of {} collected; {} application class loader(s) live", who, liveLoaders());
            return;
        }
        List<String> holders = holders(reference);
        LOG.warn("Class loader of {} was not collected after undeploy: the application leaks, and every reload"
                + " keeps another copy of it in memory; held by: {}", who,
                holders.isEmpty() ? "nothing Jacorn can name (look for static caches, JDBC drivers, MBeans or"
                        + " shutdown hooks registered by the application)" : String.join("; ", holders));
        List<String> cleared = clear(reference);
        LOG.warn("Cleared on behalf of {}: {}", application, String.join("; ", cleared));
        if (awaitCollected(reference)) {
            LOG.info("Class loader of {} collected after clearing; {} application class loader(s) live", who,
                    liveLoaders());
        } else {
            LOG.warn("Class loader of {} is still not collected; {} application class loader(s) live", who,
                    liveLoaders());
        }
    }

    private static boolean awaitCollected(WeakReference<? extends ClassLoader> reference) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(COLLECT_WAIT_MILLIS);
        long pause = 50;
        while (reference.get() != null && System.nanoTime() < end) {
            System.gc();
            Pause.millis(pause);
            pause = Math.min(pause * 2, 1_000);
        }
        return reference.get() == null;
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
    public void close() {
        checks.shutdownNow();
    }
}
