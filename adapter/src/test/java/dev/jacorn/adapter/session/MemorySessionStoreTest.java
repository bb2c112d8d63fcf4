package dev.jacorn.adapter.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Updates of one session from many threads at once, as a page's parallel requests make them. */
class MemorySessionStoreTest {

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
