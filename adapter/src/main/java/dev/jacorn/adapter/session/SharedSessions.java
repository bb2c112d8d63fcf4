package dev.jacorn.adapter.session;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of one application, shared by all its workers and generations: the store, the
 * cookie policy, the counters, and the reaper that runs the destroy listeners of expired sessions,
 * and of those the store dropped to stay within its capacity, on one of the workers alive at the
 * time. Made once per application by the runner and handed to every deployment of it through
 * {@link dev.jacorn.adapter.DeployOptions}.
 *
 * <p>Thread-safe. {@link #close()} stops the reaper and closes the store.
 */
public final class SharedSessions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedSessions.class);
    /** Sessions dropped for the capacity are a warning at most this often. */
    private static final long DROP_WARNING_MILLIS = 60_000;

    private final String application;
    private final SessionStore store;
    private final String sameSite;
    private final long reapMillis;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final List<SharedSessionManager> managers = new CopyOnWriteArrayList<>();
    private final LongAdder created = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final LongAdder evicted = new LongAdder();
    private final AtomicLong lastDropWarning = new AtomicLong();
    private final LongAdder errors = new LongAdder();
    private final AtomicBoolean unavailable = new AtomicBoolean();
    private ScheduledExecutorService reaper;

    /**
     * @param application the application's name, for log lines
     * @param sameSite the SameSite attribute of the session cookie ({@code Lax}, {@code Strict},
     *     {@code None}), or null for none
     * @param reapMillis how often expired sessions are looked for
     */
    public SharedSessions(String application, SessionStore store, String sameSite, long reapMillis) {
        this.application = application;
        this.store = store;
        this.sameSite = sameSite;
        this.reapMillis = reapMillis;
        store.whenDropped(this::dropped);
    }

    public String application() {
        return application;
    }

    public SessionStore store() {
        return store;
    }

    /** The SameSite attribute for the session cookie, or null. */
    public String sameSite() {
        return sameSite;
    }

    public long created() {
        return created.sum();
    }

    public long expired() {
        return expired.sum();
    }

    /** Sessions the store dropped to stay within its capacity ({@code --max-sessions}). */
    public long evicted() {
        return evicted.sum();
    }

    /** Store operations that failed (the store could not be reached, or answered an error). */
    public long storeErrors() {
        return errors.sum();
    }

    /** Sessions in the store now, or -1 when the store cannot tell cheaply. */
    public long active() {
        return store.count();
    }

    void sessionCreated() {
        created.increment();
    }

    /** Once per key (application, attribute and class): whether this is the first time, to warn once. */
    boolean firstTime(String key) {
        return warned.add(key);
    }

    /** Counts a failed store operation; the first of an outage is one error line. */
    SessionStoreUnavailableException storeFailed(String operation, RuntimeException cause) {
        errors.increment();
        if (unavailable.compareAndSet(false, true)) {
            LOG.error("Session store {} of {} failed ({}: {}); requests that need a session get 503 until it is back",
                    store.describe(), application, operation, cause.toString());
        }
        return cause instanceof SessionStoreUnavailableException unavailableCause ? unavailableCause
                : new SessionStoreUnavailableException("session store " + store.describe() + " unavailable", cause);
    }

    void storeSucceeded() {
        if (unavailable.get() && unavailable.compareAndSet(true, false)) {
            LOG.info("Session store {} of {} is back", store.describe(), application);
        }
    }

    synchronized void register(SharedSessionManager manager) {
        managers.add(manager);
        if (reaper == null) {
            reaper = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "jacorn-sessions-" + application);
                thread.setDaemon(true);
                // Started from a worker's thread: it must not inherit (and so keep alive) that worker's class loader.
                thread.setContextClassLoader(SharedSessions.class.getClassLoader());
                return thread;
            });
            reaper.scheduleWithFixedDelay(this::reap, reapMillis, reapMillis, TimeUnit.MILLISECONDS);
        }
    }

    void unregister(SharedSessionManager manager) {
        managers.remove(manager);
    }

    /** Runs the destroy listeners of each expired session on the newest worker; with none alive, they are dropped. */
    void reap() {
        try {
            List<SessionStore.StoredSession> gone = store.expire(System.currentTimeMillis());
            expired.add(gone.size());
            destroyed(gone);
        } catch (RuntimeException e) {
            LOG.warn("Expiring the sessions of {} failed: {}", application, e.toString(), e);
        }
    }

    /**
     * Sessions that no longer exist: their destroy listeners run on the newest worker; the other
     * workers let go of what they held for them (deserialized attributes, attributes that cannot be
     * serialized), which would otherwise stay until those workers stop.
     */
    private void destroyed(List<SessionStore.StoredSession> sessions) {
        List<SharedSessionManager> alive = List.copyOf(managers);
        if (alive.isEmpty() || sessions.isEmpty()) {
            return;
        }
        SharedSessionManager newest = alive.get(alive.size() - 1);
        for (SessionStore.StoredSession session : sessions) {
            for (SharedSessionManager manager : alive) {
                if (manager != newest) {
                    manager.invalidated(session.id());
                }
            }
            newest.expired(session);
        }
    }

    /**
     * The store dropped {@code sessions} to make room (on the request thread that added one too
     * many): counted, a warning at most once a minute, their destroy listeners run by the reaper.
     */
    private void dropped(List<SessionStore.StoredSession> sessions) {
        evicted.add(sessions.size());
        long now = System.currentTimeMillis();
        long last = lastDropWarning.get();
        if (now - last >= DROP_WARNING_MILLIS && lastDropWarning.compareAndSet(last, now)) {
            LOG.warn("Sessions of {} reached --max-sessions ({}): {} dropped so far, those whose client never came back"
                    + " first; raise --max-sessions if real users lose their sessions",
                    application, store.capacity(), evicted.sum());
        }
        synchronized (this) {
            if (reaper == null) {
                // No worker has started: no listener to run.
                return;
            }
            try {
                reaper.execute(() -> {
                    try {
                        destroyed(sessions);
                    } catch (RuntimeException e) {
                        LOG.warn("Ending the dropped sessions of {} failed: {}", application, e.toString(), e);
                    }
                });
            } catch (RejectedExecutionException e) {
                // Closing: the listeners would run on no worker.
            }
        }
    }

    @Override
    public synchronized void close() {
        if (reaper != null) {
            reaper.shutdownNow();
            reaper = null;
        }
        store.close();
    }
}
