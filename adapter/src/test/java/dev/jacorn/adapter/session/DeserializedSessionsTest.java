package dev.jacorn.adapter.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeserializedSessionsTest {

    @Test
    void attributesAreHandedBackOnlyForTheVersionTheyWereReadAt() {
        DeserializedSessions cache = new DeserializedSessions(10);
        Map<String, Object> values = Map.of("cart", List.of("book"));
        cache.put("a", 3, values);
        assertSame(values, cache.get("a", 3));
        assertNull(cache.get("a", 4), "another request changed the session since");
        assertNull(cache.get("b", 3));
        cache.rename("a", "c");
        assertNull(cache.get("a", 3));
        assertSame(values, cache.get("c", 3), "a new session id keeps what was read");
        cache.remove("c");
        assertNull(cache.get("c", 3));
    }

    @Test
    void pastItsCapacityAnAdditionDropsATenthOfTheOthersNeverItself() {
        DeserializedSessions cache = new DeserializedSessions(100);
        int walks = 0;
        for (int i = 0; i < 1_000; i++) {
            int before = cache.size();
            cache.put("s" + i, 1, Map.of());
            assertEquals(Map.of(), cache.get("s" + i, 1), "the session just added is kept");
            assertTrue(cache.size() <= 100, "holds " + cache.size() + " after " + (i + 1) + " additions");
            if (cache.size() < before) {
                walks++;
                assertEquals(90, cache.size(), "down to nine tenths of the capacity");
            }
        }
        // 100 additions fill it, then one walk per 11 additions: never one per addition.
        assertEquals(82, walks);
    }

    @Test
    void aCapacityOfOneKeepsTheLatestSessionAndEndsItsWalk() {
        DeserializedSessions cache = new DeserializedSessions(1);
        cache.put("a", 1, Map.of());
        cache.put("b", 1, Map.of());
        assertNull(cache.get("a", 1));
        assertEquals(Map.of(), cache.get("b", 1));
        assertEquals(1, cache.size());
    }

    @Test
    void drainingHandsBackEverySessionAndLeavesNone() {
        DeserializedSessions cache = new DeserializedSessions(10);
        cache.put("a", 1, Map.of("x", 1));
        cache.put("b", 2, Map.of("y", 2));
        Map<String, DeserializedSessions.Entry> held = cache.drain();
        assertEquals(Map.of("a", new DeserializedSessions.Entry(1, Map.of("x", 1)),
                "b", new DeserializedSessions.Entry(2, Map.of("y", 2))), held);
        assertEquals(0, cache.size());
    }

    @Test
    void requestThreadsReadAndWriteItTogetherWithinItsCapacity() throws Exception {
        DeserializedSessions cache = new DeserializedSessions(64);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        String id = "s" + (i * 4 + thread) % 500;
                        Map<String, Object> values = Map.of("n", i);
                        cache.put(id, i, values);
                        Map<String, Object> read = cache.get(id, i);
                        if (read != null && read != values) {
                            throw new AssertionError("a session held another thread's attributes at this version");
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        // A thread that finds another dropping entries leaves it to that one, which checks again when done.
        assertTrue(cache.size() <= 64, "holds " + cache.size() + " once the threads are done");
    }
}
