package dev.jacorn.adapter.session;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.session.Session;
import io.undertow.server.session.SessionConfig;
import io.undertow.server.session.SessionListener;
import io.undertow.server.session.SessionManager;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionEvent;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's copy of a stored session, on one worker. Reads come from the attributes loaded at
 * the start of the request (deserialized on first use, or taken from the worker's cache when the
 * version matches; an immutable JDK value is used as stored); {@link #writeBack()} sends the store
 * what changed: attributes set or removed, and attributes fetched with getAttribute whose value is
 * mutable and whose serialized form now differs (a list changed in place is saved without a
 * setAttribute).
 *
 * <p>Methods are synchronized: the commit listener may run on another thread than the servlet.
 */
final class SharedSession implements Session {

    private static final Logger LOG = LoggerFactory.getLogger(SharedSession.class);

    private final SharedSessionManager manager;
    private final SessionConfig config;
    private final long creationTime;
    private final long lastAccessedTime;
    private final long accessedNow;
    private String id;
    private int maxInactiveSeconds;
    private long version;
    /** The attributes as the store has them: the loaded session's own (immutable) map until a write-back changes it. */
    private Map<String, StoredAttribute> stored;
    /**
     * The worker's cached attributes for {@link #version} when the request began (a map nobody
     * changes), read without a copy; {@link #values} holds what this request read or set on top.
     */
    private final Map<String, Object> cached;
    private final Map<String, Object> values = new HashMap<>();
    private final Set<String> touched = new LinkedHashSet<>();
    private final Set<String> removed = new HashSet<>();
    private boolean accessWritten;
    private boolean timeoutChanged;
    private boolean invalid;
    private boolean destroying;
    private boolean writeThrough;
    /** Whether the worker's cache holds the attributes as they are now ({@link #current}), at {@link #version}. */
    private boolean remembered;
    /**
     * Another request changed attributes while this one held the session: {@link #values} miss its
     * changes, so they must never go into the worker's cache under the version that includes them.
     */
    private boolean stale;

    SharedSession(SharedSessionManager manager, SessionStore.StoredSession session, SessionConfig config, boolean isNew) {
        this.manager = manager;
        this.config = config;
        this.id = session.id();
        this.creationTime = session.creationTime();
        this.lastAccessedTime = session.lastAccessedTime();
        // A new session's access is its creation, a later request's is after it, even within the same millisecond:
        // a store with a capacity tells a client that never came back by the two being equal.
        this.accessedNow = isNew ? session.creationTime() : Math.max(System.currentTimeMillis(), session.creationTime() + 1);
        this.maxInactiveSeconds = session.maxInactiveSeconds();
        this.version = session.version();
        this.stored = session.attributes();
        // A new session was just inserted with its access time.
        this.accessWritten = isNew;
        Map<String, Object> cached = manager.cached(id, version);
        this.cached = cached != null ? cached : Map.of();
        // Taken from the cache at this version: the cache already holds them.
        this.remembered = cached != null;
    }

    /** Outside a request: write each change at once. */
    SharedSession writeThrough() {
        writeThrough = true;
        return this;
    }

    /** An expired session whose listeners are running: nothing is written any more. */
    SharedSession destroying() {
        destroying = true;
        return this;
    }

    @Override
    public synchronized String getId() {
        return id;
    }

    @Override
    public void requestDone(HttpServerExchange exchange) {
        try {
            writeBack();
        } catch (SessionStoreUnavailableException e) {
            // Counted and logged (once per outage) by the shared sessions; the response is already gone.
        }
    }

    @Override
    public synchronized long getCreationTime() {
        checkValid();
        return creationTime;
    }

    @Override
    public synchronized long getLastAccessedTime() {
        checkValid();
        return lastAccessedTime;
    }

    /**
     * The methods whose HttpSession javadoc says so throw IllegalStateException once the session
     * is invalid, as Undertow's own sessions do; the listeners that {@link #invalidate} runs come
     * before that, and still see the attributes. Called holding this session's lock.
     */
    private void checkValid() {
        if (invalid) {
            throw new IllegalStateException("session " + id + " has been invalidated");
        }
    }

    @Override
    public synchronized void setMaxInactiveInterval(int interval) {
        maxInactiveSeconds = interval;
        timeoutChanged = true;
        if (writeThrough) {
            writeBack();
        }
    }

    @Override
    public synchronized int getMaxInactiveInterval() {
        return maxInactiveSeconds;
    }

    @Override
    public synchronized Object getAttribute(String name) {
        checkValid();
        Object value = value(name);
        if (AttributeCodec.isMutable(value) && !isPinned(name)) {
            touched.add(name);
        }
        return value;
    }

    private Object value(String name) {
        Object value = current(name);
        if (value != null || removed.contains(name)) {
            return value;
        }
        Map<String, Object> local = manager.pinnedIfAny(id);
        if (local != null && local.containsKey(name)) {
            return local.get(name);
        }
        StoredAttribute attribute = stored.get(name);
        if (attribute == null) {
            return null;
        }
        value = attribute.shared() != null ? attribute.shared() : deserialize(name, attribute.bytes());
        if (value != null) {
            values.put(name, value);
            remembered = false;
        }
        return value;
    }

    private Object deserialize(String name, byte[] bytes) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(manager.classLoader());
        try {
            Object value = AttributeCodec.read(bytes, manager.classLoader());
            if (value instanceof HttpSessionActivationListener listener) {
                listener.sessionDidActivate(new HttpSessionEvent(manager.httpSession(this)));
            }
            return value;
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            if (manager.shared().firstTime("read " + name)) {
                LOG.warn("Session attribute {} of {} cannot be read on this version of the application ({}); it"
                        + " is treated as absent", name, manager.shared().application(), e.toString());
            }
            return null;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private boolean isPinned(String name) {
        Map<String, Object> local = manager.pinnedIfAny(id);
        return local != null && local.containsKey(name);
    }

    @Override
    public synchronized Set<String> getAttributeNames() {
        checkValid();
        Set<String> names = new HashSet<>(stored.keySet());
        names.addAll(cached.keySet());
        names.addAll(values.keySet());
        Map<String, Object> local = manager.pinnedIfAny(id);
        if (local != null) {
            names.addAll(local.keySet());
        }
        names.removeAll(removed);
        return names;
    }

    @Override
    public Object setAttribute(String name, Object value) {
        if (value == null) {
            return removeAttribute(name);
        }
        Object old;
        synchronized (this) {
            checkValid();
            old = value(name);
            values.put(name, value);
            remembered = false;
            removed.remove(name);
            touched.add(name);
            Map<String, Object> local = manager.pinnedIfAny(id);
            if (local != null) {
                local.remove(name);
            }
        }
        if (old == null) {
            manager.listeners().attributeAdded(this, name, value);
        } else {
            manager.listeners().attributeUpdated(this, name, value, old);
        }
        if (writeThrough) {
            writeBack();
        }
        return old;
    }

    @Override
    public Object removeAttribute(String name) {
        Object old;
        synchronized (this) {
            checkValid();
            old = value(name);
            values.remove(name);
            remembered = false;
            touched.remove(name);
            removed.add(name);
            Map<String, Object> local = manager.pinnedIfAny(id);
            if (local != null) {
                local.remove(name);
            }
        }
        manager.listeners().attributeRemoved(this, name, old);
        if (writeThrough) {
            writeBack();
        }
        return old;
    }

    /**
     * Sends the store what this request changed since the last write-back: at the response's
     * commit, and again when the request ends. A failure is counted and logged (once per outage)
     * and the worker's cached copy of the session is dropped.
     */
    synchronized void writeBack() {
        if (invalid || destroying) {
            return;
        }
        // Most requests change one attribute or none: the maps are made only when something goes in.
        Map<String, StoredAttribute> set = Map.of();
        for (String name : touched) {
            StoredAttribute attribute = storable(name, current(name));
            if (attribute == null) {
                if (stored.containsKey(name)) {
                    removed.add(name);
                }
            } else if (!attribute.sameAs(stored.get(name))) {
                set = set.isEmpty() ? new HashMap<>() : set;
                set.put(name, attribute);
            }
        }
        Set<String> gone = Set.of();
        for (String name : removed) {
            if (stored.containsKey(name)) {
                gone = gone.isEmpty() ? new HashSet<>() : gone;
                gone.add(name);
            }
        }
        if (set.isEmpty() && gone.isEmpty() && accessWritten && !timeoutChanged) {
            if (!remembered) {
                remember();
            }
            return;
        }
        long next;
        try {
            next = manager.shared().store().update(id, new SessionStore.SessionUpdate(accessedNow, maxInactiveSeconds,
                    set, gone));
            manager.shared().storeSucceeded();
        } catch (RuntimeException e) {
            manager.forget(id);
            throw manager.shared().storeFailed("save", e);
        }
        if (next < 0) {
            // Invalidated or expired meanwhile (by another request): this request's changes have nowhere to go.
            invalid = true;
            manager.invalidated(id);
            return;
        }
        if (!set.isEmpty() || !gone.isEmpty()) {
            Map<String, StoredAttribute> now = new HashMap<>(stored);
            now.putAll(set);
            now.keySet().removeAll(gone);
            stored = now;
        }
        // An immutable value cannot change until the next setAttribute: no need to serialize it again at the end.
        touched.removeIf(name -> !AttributeCodec.isMutable(current(name)));
        accessWritten = true;
        timeoutChanged = false;
        // Our copy was current only if no other request changed attributes meanwhile.
        boolean current = next == (set.isEmpty() && gone.isEmpty() ? version : version + 1);
        version = next;
        if (current) {
            remember();
        } else {
            stale = true;
            manager.forget(id);
        }
    }

    /** An attribute's value now, as far as this request has it: set or read by it, removed, or as the cache had it. */
    private Object current(String name) {
        Object value = values.get(name);
        return value != null || removed.contains(name) ? value : cached.get(name);
    }

    private void remember() {
        if (stale) {
            return;
        }
        Map<String, Object> shareable = new HashMap<>();
        // The cache's values first, then this request's on top of them.
        putStored(cached, shareable);
        putStored(values, shareable);
        manager.remember(id, version, shareable);
        remembered = true;
    }

    /** Copies the attributes of {@code from} that the store holds and this request did not remove. */
    private void putStored(Map<String, Object> from, Map<String, Object> into) {
        for (Map.Entry<String, Object> entry : from.entrySet()) {
            if (stored.containsKey(entry.getKey()) && !removed.contains(entry.getKey())) {
                into.put(entry.getKey(), entry.getValue());
            }
        }
    }

    /**
     * The value as the store keeps it (an immutable JDK value as it is, anything else serialized),
     * or null when it cannot be serialized: it then stays on this worker (warned once).
     */
    private StoredAttribute storable(String name, Object value) {
        if (AttributeCodec.isShareable(value)) {
            return StoredAttribute.ofShared(value);
        }
        try {
            return StoredAttribute.ofBytes(AttributeCodec.write(value));
        } catch (IOException | RuntimeException e) {
            values.remove(name);
            remembered = false;
            manager.pinned(id).put(name, value);
            String application = manager.shared().application();
            if (manager.shared().firstTime(name + " " + value.getClass().getName())) {
                if (name.startsWith("io.undertow")) {
                    LOG.debug("Session attribute {} of {} ({}) is not serializable; it stays on one worker",
                            name, application, value.getClass().getName());
                } else {
                    LOG.warn("Session attribute {} of application {} holds a {} that cannot be serialized ({}): it"
                            + " stays on the worker that set it, other workers do not see it, and it is lost when"
                            + " that worker stops (reload, recycle); make it Serializable to share it",
                            name, application, value.getClass().getName(), e.toString());
                }
            }
            return null;
        }
    }

    @Override
    public void invalidate(HttpServerExchange exchange) {
        synchronized (this) {
            if (invalid) {
                throw new IllegalStateException("session " + id + " is already invalid");
            }
        }
        // Listeners first: the servlet bridge removes every attribute (valueUnbound) while the session is still valid.
        manager.listeners().sessionDestroyed(this, exchange, SessionListener.SessionDestroyedReason.INVALIDATED);
        String gone;
        synchronized (this) {
            invalid = true;
            gone = id;
        }
        manager.invalidated(gone);
        try {
            manager.shared().store().remove(gone);
            manager.shared().storeSucceeded();
        } catch (RuntimeException e) {
            throw manager.shared().storeFailed("invalidate", e);
        }
        if (exchange != null && config != null) {
            config.clearSession(exchange, gone);
        }
    }

    @Override
    public SessionManager getSessionManager() {
        return manager;
    }

    @Override
    public String changeSessionId(HttpServerExchange exchange, SessionConfig sessionConfig) {
        String oldId;
        String newId;
        synchronized (this) {
            writeBack();
            oldId = id;
            newId = manager.newId();
            try {
                while (!manager.shared().store().rename(oldId, newId)) {
                    if (manager.shared().store().load(oldId) == null) {
                        throw new IllegalStateException("session " + oldId + " no longer exists");
                    }
                    newId = manager.newId();
                }
                manager.shared().storeSucceeded();
            } catch (IllegalStateException e) {
                throw e;
            } catch (RuntimeException e) {
                throw manager.shared().storeFailed("change id", e);
            }
            id = newId;
            manager.renamed(oldId, newId);
        }
        sessionConfig.setSessionId(exchange, newId);
        manager.listeners().sessionIdChanged(this, oldId);
        return newId;
    }

    @Override
    public synchronized boolean isInvalid() {
        return invalid;
    }
}
