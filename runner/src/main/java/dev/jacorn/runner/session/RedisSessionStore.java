package dev.jacorn.runner.session;

import dev.jacorn.adapter.session.SessionStore;
import dev.jacorn.adapter.session.SessionStoreUnavailableException;
import dev.jacorn.adapter.session.StoredAttribute;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The sessions of one application in Redis, one hash per session under
 * {@code jacorn:session:APP:ID}: the fields {@code #created}, {@code #accessed}, {@code #timeout},
 * {@code #version}, and one field per attribute ({@code a:NAME}, its serialized value). Every
 * request is one round trip to load and one Lua script to write back what changed; the key
 * expires in Redis itself with the session timeout (refreshed by every write-back).
 *
 * <p>With a capacity ({@code --max-sessions}), the sessions whose client has not come back yet
 * are also listed, by creation time, in the sorted set {@code jacorn:fresh:APP}, shared by every
 * host: the insert that takes it past the capacity drops the oldest of them, and a hundredth of
 * the capacity more, unless they came back meanwhile (their two times differ); a write-back of a
 * request that came back takes its session off the list. Sessions whose client came back are
 * bounded by Redis's own {@code maxmemory}. Every key is named in the scripts' KEYS but the
 * dropped sessions', so the store is for a standalone Redis (or one primary), not Redis Cluster.
 *
 * <p>Shares one pooled client with the stores of the other applications; thread-safe. A failure
 * to reach Redis becomes {@link SessionStoreUnavailableException}.
 */
final class RedisSessionStore implements SessionStore {

    private static final String ATTRIBUTE = "a:";

    // KEYS: the session, the list of sessions whose client has not come back.
    // ARGV: accessed, timeout, the session's id, number of attributes set, then name/value pairs, then the names removed.
    private static final byte[] UPDATE = bytes("""
            if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
            if redis.call('HGET', KEYS[1], '#created') ~= ARGV[1] then redis.call('ZREM', KEYS[2], ARGV[3]) end
            redis.call('HSET', KEYS[1], '#accessed', ARGV[1], '#timeout', ARGV[2])
            local sets = tonumber(ARGV[4])
            local i = 5
            for n = 1, sets do
              redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
              i = i + 2
            end
            local changed = sets > 0
            while i <= #ARGV do
              redis.call('HDEL', KEYS[1], ARGV[i])
              changed = true
              i = i + 1
            end
            local version
            if changed then
              version = redis.call('HINCRBY', KEYS[1], '#version', 1)
            else
              version = tonumber(redis.call('HGET', KEYS[1], '#version'))
            end
            local timeout = tonumber(ARGV[2])
            if timeout > 0 then redis.call('EXPIRE', KEYS[1], timeout) else redis.call('PERSIST', KEYS[1]) end
            return version
            """);

    // KEYS: the session, the list of sessions whose client has not come back.
    // ARGV: created, accessed, timeout, the session's id, capacity (0: none), batch, the key prefix.
    // Returns {0} when the id is taken, else {1, then the id and creation time of each session dropped}.
    private static final byte[] INSERT = bytes("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return {0} end
            redis.call('HSET', KEYS[1], '#created', ARGV[1], '#accessed', ARGV[2], '#timeout', ARGV[3], '#version', '1')
            local timeout = tonumber(ARGV[3])
            if timeout > 0 then redis.call('EXPIRE', KEYS[1], timeout) end
            local result = {1}
            local capacity = tonumber(ARGV[5])
            if capacity == 0 then return result end
            redis.call('ZADD', KEYS[2], ARGV[1], ARGV[4])
            if timeout > 0 then redis.call('EXPIRE', KEYS[2], timeout) else redis.call('PERSIST', KEYS[2]) end
            local over = redis.call('ZCARD', KEYS[2]) - capacity
            if over <= 0 then return result end
            local oldest = redis.call('ZPOPMIN', KEYS[2], over + tonumber(ARGV[6]))
            for i = 1, #oldest, 2 do
              local key = ARGV[7] .. oldest[i]
              local times = redis.call('HMGET', key, '#created', '#accessed')
              if times[1] and times[1] == times[2] then
                redis.call('DEL', key)
                result[#result + 1] = oldest[i]
                result[#result + 1] = times[1]
              end
            end
            return result
            """);

    private final Supplier<RedisClient> client;
    private final String prefix;
    private final String description;
    private final LongConsumer latency;
    private final byte[] fresh;
    private final int capacity;
    private volatile Consumer<List<StoredSession>> dropped = gone -> { };

    /**
     * @param client the shared client (made on first use)
     * @param application the application's key in Redis (its context path, or ROOT)
     * @param latency told the nanoseconds of each Redis call
     * @param capacity the most sessions whose client has not come back (0: no limit)
     */
    RedisSessionStore(Supplier<RedisClient> client, String application, String description, LongConsumer latency,
            int capacity) {
        this.client = client;
        this.prefix = "jacorn:session:" + application + ":";
        this.fresh = bytes("jacorn:fresh:" + application);
        this.description = description;
        this.latency = latency;
        this.capacity = capacity;
    }

    private byte[] key(String id) {
        return bytes(prefix + id);
    }

    @Override
    public StoredSession load(String id) {
        Map<byte[], byte[]> hash = call(() -> client.get().hgetAll(key(id)));
        if (hash == null || hash.isEmpty()) {
            return null;
        }
        long created = 0;
        long accessed = 0;
        int timeout = 0;
        long version = 0;
        Map<String, StoredAttribute> attributes = new HashMap<>();
        for (Map.Entry<byte[], byte[]> field : hash.entrySet()) {
            String name = new String(field.getKey(), StandardCharsets.UTF_8);
            if (name.startsWith(ATTRIBUTE)) {
                attributes.put(name.substring(ATTRIBUTE.length()), StoredAttribute.ofBytes(field.getValue()));
            } else {
                long value = Long.parseLong(new String(field.getValue(), StandardCharsets.US_ASCII));
                switch (name) {
                    case "#created" -> created = value;
                    case "#accessed" -> accessed = value;
                    case "#timeout" -> timeout = (int) value;
                    case "#version" -> version = value;
                    default -> { }
                }
            }
        }
        if (version == 0) {
            // Only a partial hash (written as the key expired): no session.
            return null;
        }
        return new StoredSession(id, created, accessed, timeout, version, Map.copyOf(attributes));
    }

    @Override
    public boolean insert(StoredSession session) {
        Object inserted = call(() -> client.get().eval(INSERT, List.of(key(session.id()), fresh),
                List.of(number(session.creationTime()), number(session.lastAccessedTime()),
                        number(session.maxInactiveSeconds()), bytes(session.id()), number(capacity),
                        number(Math.max(1, capacity / 100)), bytes(prefix))));
        List<?> result = (List<?>) inserted;
        if (!(result.get(0) instanceof Long added) || added != 1) {
            return false;
        }
        if (result.size() > 1) {
            List<StoredSession> gone = new ArrayList<>();
            for (int i = 1; i + 1 < result.size(); i += 2) {
                String id = new String((byte[]) result.get(i), StandardCharsets.UTF_8);
                long created = Long.parseLong(new String((byte[]) result.get(i + 1), StandardCharsets.US_ASCII));
                gone.add(new StoredSession(id, created, created, session.maxInactiveSeconds(), 1, Map.of()));
            }
            dropped.accept(gone);
        }
        return true;
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
    public long update(String id, SessionUpdate update) {
        List<byte[]> args = new ArrayList<>();
        args.add(number(update.lastAccessedTime()));
        args.add(number(update.maxInactiveSeconds()));
        args.add(bytes(id));
        args.add(number(update.set().size()));
        for (Map.Entry<String, StoredAttribute> attribute : update.set().entrySet()) {
            args.add(bytes(ATTRIBUTE + attribute.getKey()));
            args.add(attribute.getValue().bytes());
        }
        for (String name : update.removed()) {
            args.add(bytes(ATTRIBUTE + name));
        }
        Object version = call(() -> client.get().eval(UPDATE, List.of(key(id), fresh), args));
        return version instanceof Long value ? value : -1;
    }

    @Override
    public boolean remove(String id) {
        return call(() -> client.get().del(key(id))) > 0;
    }

    @Override
    public boolean rename(String from, String to) {
        try {
            return call(() -> client.get().renamenx(key(from), key(to))) == 1;
        } catch (SessionStoreUnavailableException e) {
            if (e.getCause() instanceof redis.clients.jedis.exceptions.JedisDataException) {
                return false; // no such key
            }
            throw e;
        }
    }

    @Override
    public Set<String> ids() {
        return Set.of();
    }

    @Override
    public long count() {
        return -1;
    }

    @Override
    public List<StoredSession> expire(long nowMillis) {
        return List.of();
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        // The client is shared; SessionStores closes it.
    }

    private <T> T call(Supplier<T> operation) {
        long started = System.nanoTime();
        try {
            return operation.get();
        } catch (JedisException e) {
            throw new SessionStoreUnavailableException("Redis session store " + description + ": " + e.getMessage(), e);
        } finally {
            latency.accept(System.nanoTime() - started);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] number(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }
}
