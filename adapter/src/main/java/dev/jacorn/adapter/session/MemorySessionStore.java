package dev.jacorn.adapter.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code memory} store: the sessions of one application in this JVM, shared by all its
 * workers. Each session is an immutable {@link StoredSession} replaced as a whole on every update
 * (copy on write), so a reader never sees half an update and never locks.
 */
public final class MemorySessionStore implements SessionStore {

    private final ConcurrentHashMap<String, StoredSession> sessions = new ConcurrentHashMap<>();

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
        return sessions.putIfAbsent(session.id(), freeze(session)) == null;
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
