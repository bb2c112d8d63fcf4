package dev.jacorn.adapter.session;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attributes one worker has deserialized, per session, each valid while the stored session
 * has the version they were read at: the next request for that session on this worker skips the
 * deserialization when nobody changed the session meanwhile.
 *
 * <p>Every request with a session reads it and most write it, from any request thread, so it is
 * a map without a lock (a request thread preempted while holding one made the others queue behind
 * it). It holds at most about {@code capacity} sessions: past that, each addition drops another
 * session's entry, whichever the map yields first, whose next request then deserializes again.
 */
final class DeserializedSessions {

    /** Attributes deserialized on this worker, valid while the stored session has {@code version}. */
    record Entry(long version, Map<String, Object> values) {
    }

    private final int capacity;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    DeserializedSessions(int capacity) {
        this.capacity = capacity;
    }

    /** The attributes of {@code id} when they are still those of {@code version}; otherwise {@code null}. */
    Map<String, Object> get(String id, long version) {
        Entry entry = entries.get(id);
        return entry != null && entry.version() == version ? entry.values() : null;
    }

    /** Keeps {@code values} (a map nobody changes any more) as the attributes of {@code id} at {@code version}. */
    void put(String id, long version, Map<String, Object> values) {
        entries.put(id, new Entry(version, values));
        if (entries.size() > capacity) {
            // Until back within capacity: two threads that pick the same entry to drop drop one only.
            for (String other : entries.keySet()) {
                if (!other.equals(id) && entries.remove(other) != null && entries.size() <= capacity) {
                    break;
                }
            }
        }
    }

    void remove(String id) {
        entries.remove(id);
    }

    void rename(String from, String to) {
        Entry entry = entries.remove(from);
        if (entry != null) {
            entries.put(to, entry);
        }
    }

    /** Empties the cache and returns what it held: the worker's deployment stops. */
    Map<String, Entry> drain() {
        Map<String, Entry> held = new HashMap<>();
        for (Iterator<Map.Entry<String, Entry>> i = entries.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<String, Entry> entry = i.next();
            held.put(entry.getKey(), entry.getValue());
            i.remove();
        }
        return held;
    }

    int size() {
        return entries.size();
    }
}
