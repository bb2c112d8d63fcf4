package dev.jacorn.adapter.session;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where the sessions of one application live, outside any worker: every worker of every
 * generation (and, for a networked store, every host) reads and writes the same sessions here.
 * A store holds each attribute serialized on its own, or, for an immutable JDK value, the value
 * itself ({@link StoredAttribute}); never an object of an application's classes, so it does not
 * care which class loader a worker has.
 *
 * <p>Called on request threads, concurrently; implementations are thread-safe. A store that cannot
 * be reached throws {@link SessionStoreUnavailableException}; the request that needed the session
 * is then answered 503.
 */
public interface SessionStore extends AutoCloseable {

    /** The session called {@code id}, or {@code null} when there is none or it has expired. */
    StoredSession load(String id);

    /** Adds a new session; false (and nothing changed) when its id is taken. */
    boolean insert(StoredSession session);

    /**
     * Applies one request's changes to a session.
     *
     * @return the session's version after the update (raised by one when attributes changed), or
     *     -1 when the session no longer exists (invalidated or expired meanwhile)
     */
    long update(String id, SessionUpdate update);

    /** Removes a session (invalidation); false when there was none. */
    boolean remove(String id);

    /** Gives a session a new id, keeping everything else; false when there was none or {@code to} is taken. */
    boolean rename(String from, String to);

    /** The ids of the sessions this store can list cheaply (all of them in memory; none for a networked store). */
    Set<String> ids();

    /** How many sessions the store holds now, or -1 when it cannot tell cheaply. */
    long count();

    /** The most sessions the store holds before it drops some to make room, or 0 for no such limit. */
    default long capacity() {
        return 0;
    }

    /**
     * Where a store with a {@link #capacity} hands the sessions it dropped to make room, on the
     * thread that added the session past it, so that their destroy listeners can run. A store
     * without a capacity drops none.
     */
    default void whenDropped(Consumer<List<StoredSession>> consumer) {
    }

    /**
     * Removes and returns the sessions that expired by {@code nowMillis}, so that their destroy
     * listeners can run. A store that expires sessions by itself (Redis) returns none.
     */
    List<StoredSession> expire(long nowMillis);

    /** What the store is, for log lines: {@code memory} or {@code redis://host:6379/0} (no password). */
    String describe();

    @Override
    void close();

    /**
     * One session as stored.
     *
     * @param maxInactiveSeconds the session timeout; zero or less never expires
     * @param version raised by each update that changed attributes, so that a worker can tell
     *     whether the attributes it deserialized earlier are still current
     * @param attributes each attribute's stored value, by name
     */
    record StoredSession(String id, long creationTime, long lastAccessedTime, int maxInactiveSeconds,
            long version, Map<String, StoredAttribute> attributes) {

        public boolean isExpired(long nowMillis) {
            return maxInactiveSeconds > 0 && nowMillis - lastAccessedTime > maxInactiveSeconds * 1000L;
        }
    }

    /**
     * The changes of one request: access time and timeout always, the attributes it changed.
     *
     * @param set attributes set or changed, as stored
     * @param removed attributes removed
     */
    record SessionUpdate(long lastAccessedTime, int maxInactiveSeconds, Map<String, StoredAttribute> set,
            Set<String> removed) {

        public boolean changesAttributes() {
            return !set.isEmpty() || !removed.isEmpty();
        }
    }
}
