package dev.jacorn.adapter.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Updates of one session from many threads at once, as a page's parallel requests make them; and the
 * capacity: past it, sessions whose client never came back go first, then the longest idle.
 */
class MemorySessionStoreTest {

    private static final long T = System.currentTimeMillis();

    /** A session made at {@code created}, last used at {@code used} (equal: its client never came back). */
    private static SessionStore.StoredSession session(String id, long created, long used) {
        return new SessionStore.StoredSession(id, created, used, 1800, 1, Map.of());
    }

    @Test
    void pastItsCapacityTheStoreDropsSessionsWhoseClientNeverCameBackOldestFirst() {
        MemorySessionStore store = new MemorySessionStore(10);
        List<String> dropped = new ArrayList<>();
        store.whenDropped(sessions -> sessions.forEach(s -> dropped.add(s.id())));
        for (int i = 0; i < 5; i++) {
            assertTrue(store.insert(session("user" + i, T, T + 1000 + i)));
        }
        for (int i = 0; i < 20; i++) {
            assertTrue(store.insert(session("crawler" + i, T + 10_000 + i, T + 10_000 + i)));
            assertTrue(store.count() <= 10, "over capacity after crawler" + i + ": " + store.count());
        }
        for (int i = 0; i < 5; i++) {
            assertNotNull(store.load("user" + i), "user" + i + " came back; crawlers go first");
        }
        assertNotNull(store.load("crawler19"), "the newest stays");
        assertEquals(25, dropped.size() + store.count(), "each session is either kept or handed over as dropped");
        for (int i = 0; i < dropped.size(); i++) {
            assertEquals("crawler" + i, dropped.get(i), "oldest first: " + dropped);
        }
    }

    @Test
    void aWalkDropsATenthOfTheCapacityMoreOfSessionsWhoseClientNeverCameBackButOfOthersOnlyAHundredth() {
        MemorySessionStore store = new MemorySessionStore(100);
        List<String> dropped = new ArrayList<>();
        store.whenDropped(sessions -> sessions.forEach(s -> dropped.add(s.id())));
        for (int i = 0; i < 95; i++) {
            store.insert(session("user" + i, T, T + 1 + i));
        }
        for (int i = 0; i < 6; i++) {
            store.insert(session("crawler" + i, T + 200 + i, T + 200 + i));
        }
        // One over: the picks are the 6 crawlers and 5 users (1 + a tenth of 100); only the crawlers go.
        assertEquals(List.of("crawler0", "crawler1", "crawler2", "crawler3", "crawler4", "crawler5"), dropped);
        assertEquals(95, store.count());
        for (int i = 0; i < 6; i++) {
            store.insert(session("late" + i, T + 300 + i, T + 301 + i));
        }
        // One over, all came back: the one over and a hundredth of 100 more, the longest idle.
        assertEquals(List.of("user0", "user1"), dropped.subList(6, dropped.size()));
        assertEquals(99, store.count());
    }

    @Test
    void whenEveryClientCameBackTheLongestIdleGoesFirstAndASessionUsedMeanwhileStays() {
        MemorySessionStore store = new MemorySessionStore(5);
        for (int i = 0; i < 5; i++) {
            store.insert(session("user" + i, T, T + 100 + i));
        }
        // user0 was the longest idle; a request of it now makes user1 the longest idle.
        store.update("user0", new SessionStore.SessionUpdate(T + 500, 1800, Map.of(), Set.of()));
        store.insert(session("new", T + 600, T + 601));
        assertEquals(4, store.count(), "the one over, and a hundredth of the capacity (at least one) more");
        assertNull(store.load("user1"));
        assertNull(store.load("user2"));
        assertNotNull(store.load("user0"));
        assertNotNull(store.load("user3"));
        assertNotNull(store.load("new"));
    }

    @Test
    void withoutACapacityNothingIsDropped() {
        MemorySessionStore store = new MemorySessionStore();
        AtomicLong dropped = new AtomicLong();
        store.whenDropped(sessions -> dropped.addAndGet(sessions.size()));
        for (int i = 0; i < 5_000; i++) {
            store.insert(session("s" + i, T + i, T + i));
        }
        assertEquals(5_000, store.count());
        assertEquals(0, dropped.get());
        assertEquals(0, store.capacity());
    }

    @Test
    void threadsAddingAtOnceLeaveTheStoreWithinItsCapacityAndLoseNoCount() throws Exception {
        MemorySessionStore store = new MemorySessionStore(1_000);
        AtomicLong dropped = new AtomicLong();
        store.whenDropped(sessions -> dropped.addAndGet(sessions.size()));
        int threads = 4;
        int each = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        long now = System.currentTimeMillis();
                        store.insert(session(thread + "-" + i, now, now));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(threads * each, dropped.get() + store.count(), "every session kept or handed over once");
        // The last thread to add past the capacity walks again until the store is back within it.
        assertTrue(store.count() <= 1_000, "left over capacity: " + store.count());
    }

    @Test
    void concurrentUpdatesOfOneSessionAreAllKeptEachWithItsOwnVersion() throws Exception {
        MemorySessionStore store = new MemorySessionStore();
        long now = System.currentTimeMillis();
        store.insert(new SessionStore.StoredSession("s", now, now, 1800, 1, Map.of()));
        int threads = 8;
        int each = 200;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<List<Long>>> versions = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                versions.add(pool.submit(() -> {
                    go.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(store.update("s", new SessionStore.SessionUpdate(now, 1800,
                                Map.of("t" + thread + "-" + i, StoredAttribute.ofBytes(new byte[] {(byte) i})), Set.of())));
                    }
                    return mine;
                }));
            }
            go.countDown();
            Set<Long> seen = new HashSet<>();
            for (Future<List<Long>> future : versions) {
                seen.addAll(future.get());
            }
            assertEquals(threads * each, seen.size(), "every update got a version of its own");
            SessionStore.StoredSession after = store.load("s");
            assertEquals(threads * each, after.attributes().size(), "no update was lost");
            assertEquals(1 + threads * each, after.version());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(-1, store.update("gone", new SessionStore.SessionUpdate(now, 1800, Map.of(), Set.of())));
    }
}
