package dev.jacorn.adapter.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The {@code memory} store: the sessions of one application in this JVM, shared by all its
 * workers. Each session is an immutable {@link StoredSession} replaced as a whole on every update
 * (copy on write), so a reader never sees half an update and never locks.
 *
 * <p>With a capacity, a new session past it makes room: one walk of the map drops the sessions
 * above the capacity, least wanted first: sessions whose client never came back with their cookie
 * (crawlers, monitors, scripts that keep no cookies), oldest first, then the longest idle. It drops
 * more while it is at it, so that the next walk is many new sessions away: up to a tenth of the
 * capacity of sessions whose client never came back, a hundredth of it of the others. One thread
 * walks at a time ({@link Trimmer}), so the store is over its capacity by at most the sessions
 * added during one walk. What was dropped goes to {@link #whenDropped} for its destroy listeners.
 */
public final class MemorySessionStore implements SessionStore {

    /** Sessions whose client never came back before those it did, each group least recently used first. */
    private static final Comparator<StoredSession> LEAST_WANTED = (a, b) -> {
        boolean aCameBack = cameBack(a);
        return aCameBack != cameBack(b) ? (aCameBack ? 1 : -1) : Long.compare(a.lastAccessedTime(), b.lastAccessedTime());
    };

    private final ConcurrentHashMap<String, StoredSession> sessions = new ConcurrentHashMap<>();
    private final int capacity;
    private final Trimmer trimmer = new Trimmer();
    private volatile Consumer<List<StoredSession>> dropped = gone -> { };

    /** A store without a capacity. */
    public MemorySessionStore() {
        this(0);
    }

    /** @param capacity the most sessions it holds (see the class comment), 0 for no limit */
    public MemorySessionStore(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public StoredSession load(String id) {
        StoredSession session = sessions.get(id);
        if (session == null || !session.isExpired(System.currentTimeMillis())) {
            return session;
        }
        // Expired but not reaped yet: it no longer exists for requests; the reaper still runs its listeners.
        return null;
    }

    @Override
    public boolean insert(StoredSession session) {
        if (sessions.putIfAbsent(session.id(), freeze(session)) != null) {
            return false;
        }
        if (capacity > 0 && sessions.size() > capacity) {
            trimmer.trimWhile(() -> sessions.size() > capacity, this::makeRoom);
        }
        return true;
    }

    /** One walk, its dropped sessions handed on; false when every pick was used meanwhile (the next new session tries again). */
    private boolean makeRoom() {
        List<StoredSession> gone = dropLeastWanted();
        if (gone.isEmpty()) {
            return false;
        }
        dropped.accept(gone);
        return true;
    }

    /**
     * One walk: drops the sessions above the capacity, least wanted first, and more so that the next
     * walk is many new sessions away: up to a tenth of the capacity more of sessions whose client
     * never came back, but of those whose client did, a hundredth of it more at most.
     */
    private List<StoredSession> dropLeastWanted() {
        int excess = sessions.size() - capacity;
        if (excess <= 0) {
            return List.of();
        }
        int count = excess + Math.max(1, capacity / 10);
        int withReturned = excess + Math.max(1, capacity / 100);
        // The picks so far, the most wanted of them on top, to be replaced by a less wanted one.
        PriorityQueue<StoredSession> picks = new PriorityQueue<>(count + 1, LEAST_WANTED.reversed());
        for (StoredSession session : sessions.values()) {
            if (picks.size() < count) {
                picks.add(session);
            } else if (LEAST_WANTED.compare(session, picks.peek()) < 0) {
                picks.poll();
                picks.add(session);
            }
        }
        List<StoredSession> picked = new ArrayList<>(picks);
        // Least wanted first, as their destroy listeners will hear of them.
        picked.sort(LEAST_WANTED);
        List<StoredSession> gone = new ArrayList<>(picked.size());
        for (StoredSession session : picked) {
            if (gone.size() >= withReturned && cameBack(session)) {
                break;
            }
            // Only as picked: a session its client used meanwhile stays.
            if (sessions.remove(session.id(), session)) {
                gone.add(session);
            }
        }
        return gone;
    }

    /** Whether a request after the one that made it used the session (its client kept the cookie). */
    private static boolean cameBack(StoredSession session) {
        return session.lastAccessedTime() != session.creationTime();
    }

    /**
     * Made without a lock: the new session is built from the current one, then swapped in only if
     * that is still current, else built again. Concurrent requests of one session (a page's parallel
     * calls) never wait for each other; a thread preempted while building holds nobody up, as it
     * would inside {@code computeIfPresent}, whose bin lock JFR found other threads blocked on for
     * 10 ms and more under the session workload.
     */
    @Override
    public long update(String id, SessionUpdate update) {
        while (true) {
            StoredSession current = sessions.get(id);
            if (current == null) {
                return -1;
            }
            StoredSession updated = updated(current, update);
            if (sessions.replace(id, current, updated)) {
                return updated.version();
            }
        }
    }

    private static StoredSession updated(StoredSession current, SessionUpdate update) {
        Map<String, StoredAttribute> attributes = current.attributes();
        long version = current.version();
        if (update.changesAttributes()) {
            attributes = new HashMap<>(attributes);
            attributes.keySet().removeAll(update.removed());
            attributes.putAll(update.set());
            attributes = Map.copyOf(attributes);
            version++;
        }
        return new StoredSession(current.id(), current.creationTime(), update.lastAccessedTime(),
                update.maxInactiveSeconds(), version, attributes);
    }

    @Override
    public boolean remove(String id) {
        return sessions.remove(id) != null;
    }

    @Override
    public boolean rename(String from, String to) {
        StoredSession session = sessions.get(from);
        if (session == null) {
            return false;
        }
        StoredSession renamed = new StoredSession(to, session.creationTime(), session.lastAccessedTime(),
                session.maxInactiveSeconds(), session.version(), session.attributes());
        if (sessions.putIfAbsent(to, renamed) != null) {
            return false;
        }
        sessions.remove(from);
        return true;
    }

    @Override
    public Set<String> ids() {
        return Set.copyOf(sessions.keySet());
    }

    @Override
    public long count() {
        return sessions.size();
    }

    @Override
    public long capacity() {
        return capacity;
    }

    @Override
    public void whenDropped(Consumer<List<StoredSession>> consumer) {
        dropped = consumer;
    }

    @Override
    public List<StoredSession> expire(long nowMillis) {
        List<StoredSession> expired = new ArrayList<>();
        for (StoredSession session : sessions.values()) {
            if (session.isExpired(nowMillis) && sessions.remove(session.id(), session)) {
                expired.add(session);
            }
        }
        return expired;
    }

    /** Every session, for saving them to a file at a stop. */
    public Collection<StoredSession> all() {
        return List.copyOf(sessions.values());
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
        sessions.clear();
    }

    private static StoredSession freeze(StoredSession session) {
        return new StoredSession(session.id(), session.creationTime(), session.lastAccessedTime(),
                session.maxInactiveSeconds(), session.version(), Map.copyOf(session.attributes()));
    }
}
