package dev.jacorn.runner.session;

import dev.jacorn.adapter.Application;
import dev.jacorn.adapter.session.MemorySessionStore;
import dev.jacorn.adapter.session.SessionStore;
import dev.jacorn.adapter.session.SharedSessions;
import dev.jacorn.runner.config.Config;
import dev.jacorn.runner.config.SessionStoreAddress;
import dev.jacorn.runner.config.Settings;
import dev.jacorn.runner.observe.SessionMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link SharedSessions} per application (by context path), made when its first worker boots
 * and kept for the life of the process, so that every worker of every generation shares them.
 * Built once by the composition root from the session settings of the start (a reload does not
 * change the store); closed last, after the workers have stopped, when the memory store's
 * sessions are saved if {@code --session-persist} asks for it.
 *
 * <p>{@link #of} is called on the arbiter thread; {@link #close} once, at the end.
 */
public final class SessionStores implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStores.class);
    /** How often the memory store looks for expired sessions to run their listeners. */
    private static final long REAP_MILLIS = 5_000;

    private final SessionStoreAddress address;
    private final String password;
    private final boolean persist;
    private final int maxSessions;
    private final Path directory;
    private final String sameSite;
    private final SessionMetrics metrics;
    private final Map<String, SharedSessions> sessions = new LinkedHashMap<>();
    private final Map<String, SessionFile> files = new LinkedHashMap<>();
    private RedisClient redis;

    private SessionStores(Config config, SessionMetrics metrics) {
        address = config.get(Settings.SESSION_STORE);
        password = address.password() != null ? address.password()
                : config.get(Settings.SESSION_STORE_PASSWORD) == null ? null : config.get(Settings.SESSION_STORE_PASSWORD).value();
        persist = config.get(Settings.SESSION_PERSIST);
        maxSessions = config.get(Settings.MAX_SESSIONS);
        directory = config.get(Settings.WORK_DIR).resolve("sessions");
        String mode = config.get(Settings.SESSION_COOKIE_SAMESITE);
        sameSite = mode.equals("off") ? null : mode;
        this.metrics = metrics;
        if (persist && address.isRedis()) {
            LOG.warn("--session-persist has no effect with --session-store {}: Redis keeps the sessions itself", address);
        }
    }

    public static SessionStores open(Config config, SessionMetrics metrics) {
        return new SessionStores(config, metrics);
    }

    /** The sessions of {@code application}, shared with every other deployment of it. */
    public synchronized SharedSessions of(Application application) {
        String key = key(application.contextPath());
        SharedSessions shared = sessions.get(key);
        if (shared == null) {
            shared = new SharedSessions(application.name(), store(key), sameSite, REAP_MILLIS);
            sessions.put(key, shared);
            metrics.track(shared);
            LOG.info("Sessions of {} in {}{}", application.name(), shared.store().describe(), bound(shared.store()));
        }
        return shared;
    }

    /** What the start's log line says of the store's --max-sessions: nothing when it has none. */
    private String bound(SessionStore store) {
        if (store.capacity() <= 0) {
            return "";
        }
        return ", at most " + store.capacity() + (address.isRedis() ? " whose client has not come back" : "")
                + " (--max-sessions)";
    }

    private SessionStore store(String key) {
        if (address.isRedis()) {
            return new RedisSessionStore(this::redis, key, address.toString(), metrics.storeLatency(address.toString()),
                    maxSessions);
        }
        MemorySessionStore store = new MemorySessionStore(maxSessions);
        if (persist) {
            SessionFile file = new SessionFile(directory.resolve(key + ".sessions"));
            files.put(key, file);
            int loaded = file.loadInto(store);
            if (loaded > store.count()) {
                LOG.warn("Loaded {} session(s) of {} from {} and dropped {} of them to stay within --max-sessions {}"
                        + " (those whose client never came back first, then the longest idle)", loaded, key, file.path(),
                        loaded - store.count(), maxSessions);
            } else if (loaded > 0) {
                LOG.info("Loaded {} session(s) of {} from {}", loaded, key, file.path());
            }
        }
        return store;
    }

    private synchronized RedisClient redis() {
        if (redis == null) {
            DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                    .database(address.database()).ssl(address.tls()).clientName("jacorn")
                    .connectionTimeoutMillis(2000).socketTimeoutMillis(2000);
            if (password != null) {
                client.password(password);
                if (address.user() != null) {
                    client.user(address.user());
                }
            }
            redis = RedisClient.builder().hostAndPort(new HostAndPort(address.host(), address.port()))
                    .clientConfig(client.build()).build();
        }
        return redis;
    }

    /** Saves the memory sessions when {@code --session-persist} is on, then closes every store. */
    @Override
    public synchronized void close() {
        for (Map.Entry<String, SharedSessions> entry : sessions.entrySet()) {
            SessionFile file = files.get(entry.getKey());
            if (file != null && entry.getValue().store() instanceof MemorySessionStore memory) {
                try {
                    file.save(memory);
                    LOG.info("Saved {} session(s) of {} to {}", memory.count(), entry.getKey(), file.path());
                } catch (IOException e) {
                    LOG.error("Could not save the sessions of {} to {}: {}", entry.getKey(), file.path(), e.toString());
                }
            }
            entry.getValue().close();
        }
        sessions.clear();
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    /** The application's name in the store: its context path, {@code ROOT} for the root. */
    static String key(String contextPath) {
        String path = contextPath.startsWith("/") ? contextPath.substring(1) : contextPath;
        return path.isEmpty() ? "ROOT" : path.replace('/', '_');
    }
}
