package dev.jacorn.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionStoreAddressTest {

    @Test
    void memoryIsTheDefaultAndParsesInAnyCase() {
        assertFalse(SessionStoreAddress.parse("MEMORY").isRedis());
        assertEquals(SessionStoreAddress.MEMORY, SessionSettings.SESSION_STORE.defaultValue());
    }

    @Test
    void aRedisUrlGivesHostPortDatabaseAndPasswordAndPrintsWithoutThePassword() {
        SessionStoreAddress address = SessionStoreAddress.parse("redis://:s%40cret@cache.internal:6380/2");
        assertTrue(address.isRedis());
        assertFalse(address.tls());
        assertEquals("cache.internal", address.host());
        assertEquals(6380, address.port());
        assertEquals(2, address.database());
        assertEquals("s@cret", address.password());
        assertNull(address.user());
        assertEquals("redis://cache.internal:6380/2", address.toString());
    }

    @Test
    void redissMeansTlsAndThePortAndDatabaseHaveDefaults() {
        SessionStoreAddress address = SessionStoreAddress.parse("rediss://app:pw@localhost");
        assertTrue(address.tls());
        assertEquals(6379, address.port());
        assertEquals(0, address.database());
        assertEquals("app", address.user());
        assertEquals("pw", address.password());
    }

    @Test
    void anythingElseIsRefusedWithWhatItMustBe() {
        for (String raw : new String[] {"memcached://x:1", "localhost:6379", "redis://", "redis://host:1/x"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SessionStoreAddress.parse(raw));
            assertTrue(e.getMessage().contains("redis://"), e.getMessage());
        }
    }

    @Test
    void thePasswordSettingPrintsAsStars() {
        assertEquals("********", SessionSettings.SESSION_STORE_PASSWORD.format(new SessionStoreAddress.Secret("x")));
    }
}
