package dev.jacorn.adapter.session;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.session.SecureRandomSessionIdGenerator;
import io.undertow.server.session.Session;
import io.undertow.server.session.SessionConfig;
import io.undertow.server.session.SessionIdGenerator;
import io.undertow.server.session.SessionListener;
import io.undertow.server.session.SessionListeners;
import io.undertow.server.session.SessionManager;
import io.undertow.server.session.SessionManagerStatistics;
import io.undertow.servlet.api.Deployment;
import io.undertow.servlet.spec.HttpSessionImpl;
import io.undertow.util.AttachmentKey;
import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionEvent;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's view of its application's {@link SharedSessions}: Undertow's session manager for
 * one deployment. Each request that asks for its session loads it from the store into a
 * {@link SharedSession} of its own; its attributes are deserialized with this worker's class
 * loader on first use, and kept (by session version) so that the next request on this worker
 * skips the deserialization when nobody changed the session meanwhile. Changes go back to the
 * store just before the response is committed and again, if there are more, when the request
 * ends.
 *
 * <p>Attributes that cannot be serialized stay on this worker only ({@link #pinned}): a warning
 * names them once per application; they are gone when this worker stops.
 */
final class SharedSessionManager implements SessionManager {

    private static final Logger LOG = LoggerFactory.getLogger(SharedSessionManager.class);
    private static final int CACHED_SESSIONS = 10_000;

    private final SharedSessions shared;
    private final Deployment deployment;
    private final SessionListeners listeners = new SessionListeners();
    private final SessionIdGenerator ids = new SecureRandomSessionIdGenerator();
    private final AttachmentKey<SharedSession> attachment = AttachmentKey.create(SharedSession.class);
    private final AttachmentKey<SessionStoreUnavailableException> failure =
            AttachmentKey.create(SessionStoreUnavailableException.class);
    private final DeserializedSessions cache = new DeserializedSessions(CACHED_SESSIONS);
    private final Map<String, Map<String, Object>> pinned = new ConcurrentHashMap<>();
    private volatile int defaultTimeoutSeconds = 30 * 60;

    SharedSessionManager(SharedSessions shared, Deployment deployment) {
        this.shared = shared;
        this.deployment = deployment;
    }

    @Override
    public String getDeploymentName() {
        return deployment.getDeploymentInfo().getDeploymentName();
    }

    /** Called when the application's context starts (Undertow itself does not call it). */
    @Override
    public void start() {
        shared.register(this);
    }

    /** The application's context stops: activation listeners among the attributes it holds hear that they leave it. */
    @Override
    public void stop() {
        shared.unregister(this);
        for (Map.Entry<String, DeserializedSessions.Entry> entry : cache.drain().entrySet()) {
            for (Object value : entry.getValue().values().values()) {
                if (value instanceof HttpSessionActivationListener listener) {
                    passivate(entry.getKey(), listener);
                }
            }
        }
        pinned.clear();
    }

    private void passivate(String id, HttpSessionActivationListener listener) {
        try {
            SessionStore.StoredSession stored = shared.store().load(id);
            if (stored != null) {
                SharedSession session = new SharedSession(this, stored, null, false);
                listener.sessionWillPassivate(new HttpSessionEvent(httpSession(session)));
            }
        } catch (RuntimeException e) {
            LOG.warn("sessionWillPassivate of a session attribute of {} failed: {}", shared.application(), e.toString());
        }
    }

    @Override
    public Session createSession(HttpServerExchange exchange, SessionConfig config) {
        long now = System.currentTimeMillis();
        SessionStore.StoredSession stored;
        do {
            stored = new SessionStore.StoredSession(ids.createSessionId(), now, now, defaultTimeoutSeconds, 1, Map.of());
        } while (!insert(stored));
        SharedSession session = new SharedSession(this, stored, config, true);
        config.setSessionId(exchange, stored.id());
        attach(exchange, session);
        shared.sessionCreated();
        listeners.sessionCreated(session, exchange);
        return session;
    }

    private boolean insert(SessionStore.StoredSession stored) {
        try {
            boolean inserted = shared.store().insert(stored);
            shared.storeSucceeded();
            return inserted;
        } catch (RuntimeException e) {
            throw shared.storeFailed("create", e);
        }
    }

    @Override
    public Session getSession(HttpServerExchange exchange, SessionConfig config) {
        if (exchange != null) {
            SharedSession attached = exchange.getAttachment(attachment);
            if (attached != null && !attached.isInvalid()) {
                return attached;
            }
            if (exchange.getAttachment(failure) != null) {
                // Already answered 503; Undertow asks again when the response is done.
                return null;
            }
        }
        String id = config.findSessionId(exchange);
        if (id == null) {
            return null;
        }
        SessionStore.StoredSession stored;
        try {
            stored = load(id);
        } catch (SessionStoreUnavailableException e) {
            if (exchange != null) {
                exchange.putAttachment(failure, e);
            }
            throw e;
        }
        if (stored == null) {
            return null;
        }
        SharedSession session = new SharedSession(this, stored, config, false);
        if (exchange != null) {
            attach(exchange, session);
        }
        return session;
    }

    /** A session by id, outside a request: every change is written at once. */
    @Override
    public Session getSession(String id) {
        SessionStore.StoredSession stored = load(id);
        return stored == null ? null : new SharedSession(this, stored, null, false).writeThrough();
    }

    SessionStore.StoredSession load(String id) {
        try {
            SessionStore.StoredSession stored = shared.store().load(id);
            shared.storeSucceeded();
            return stored;
        } catch (RuntimeException e) {
            throw shared.storeFailed("load", e);
        }
    }

    private void attach(HttpServerExchange exchange, SharedSession session) {
        exchange.putAttachment(attachment, session);
        // Write back before the client can see the response: its next request may reach another worker.
        exchange.addResponseCommitListener(committing -> {
            try {
                session.writeBack();
            } catch (SessionStoreUnavailableException e) {
                // Not saved: the client must not take this answer for one its session remembers.
                committing.setStatusCode(503);
            }
        });
    }

    /** A session that expired, or that the store dropped for its capacity: its destroy listeners run here, with this worker's classes. */
    void expired(SessionStore.StoredSession stored) {
        cache.remove(stored.id());
        pinned.remove(stored.id());
        SharedSession session = new SharedSession(this, stored, null, false).destroying();
        listeners.sessionDestroyed(session, null, SessionListener.SessionDestroyedReason.TIMEOUT);
    }

    HttpSessionImpl httpSession(Session session) {
        return HttpSessionImpl.forSession(session, deployment.getServletContext(), false);
    }

    String newId() {
        return ids.createSessionId();
    }

    SharedSessions shared() {
        return shared;
    }

    SessionListeners listeners() {
        return listeners;
    }

    ClassLoader classLoader() {
        return deployment.getDeploymentInfo().getClassLoader();
    }

    /** The attributes this worker deserialized for {@code id}, when still current at {@code version}. */
    Map<String, Object> cached(String id, long version) {
        return cache.get(id, version);
    }

    /** Keeps {@code values} (a map nobody changes any more) as the attributes of {@code id} at {@code version}. */
    void remember(String id, long version, Map<String, Object> values) {
        cache.put(id, version, values);
    }

    void forget(String id) {
        cache.remove(id);
    }

    /** Non-serializable attributes of {@code id} that live on this worker only (a live map; may be empty). */
    Map<String, Object> pinned(String id) {
        return pinned.computeIfAbsent(id, key -> new ConcurrentHashMap<>());
    }

    Map<String, Object> pinnedIfAny(String id) {
        return pinned.get(id);
    }

    void renamed(String from, String to) {
        cache.rename(from, to);
        Map<String, Object> values = pinned.remove(from);
        if (values != null) {
            pinned.put(to, values);
        }
    }

    void invalidated(String id) {
        cache.remove(id);
        pinned.remove(id);
    }

    @Override
    public void registerSessionListener(SessionListener listener) {
        listeners.addSessionListener(listener);
    }

    @Override
    public void removeSessionListener(SessionListener listener) {
        listeners.removeSessionListener(listener);
    }

    @Override
    public void setDefaultSessionTimeout(int seconds) {
        defaultTimeoutSeconds = seconds;
    }

    @Override
    public Set<String> getTransientSessions() {
        return Set.of();
    }

    @Override
    public Set<String> getActiveSessions() {
        return shared.store().ids();
    }

    @Override
    public Set<String> getAllSessions() {
        return shared.store().ids();
    }

    @Override
    public SessionManagerStatistics getStatistics() {
        return null;
    }

    @Override
    public boolean isDistributed() {
        return true;
    }
}
