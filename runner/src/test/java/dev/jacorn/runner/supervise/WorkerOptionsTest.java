package dev.jacorn.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkerOptionsTest {

    private static WorkerOptions recycling(int maxRequests, int jitter) {
        return new WorkerOptions(1, 4, WorkerClass.THREAD, Duration.ofSeconds(30), Duration.ofSeconds(30),
                maxRequests, jitter, Path.of("tmp"));
    }

    @Test
    void requestLimitIsMaxRequestsPlusAJitterFromZeroToJitter() {
        Random random = new Random(42);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            long limit = recycling(200, 5).requestLimit(random);
            assertTrue(limit >= 200 && limit <= 205, "limit " + limit);
            seen.add(limit);
        }
        assertEquals(6, seen.size(), "every value from 200 to 205 occurs: " + seen);
    }

    @Test
    void noMaxRequestsMeansNoLimitWhateverTheJitter() {
        assertEquals(0, recycling(0, 50).requestLimit(new Random()));
        assertEquals(200, recycling(200, 0).requestLimit(new Random()));
    }

    @Test
    void threadWorkersAreAlwaysAvailableAndVirtualOnesFromJava21() {
        assertTrue(WorkerClass.THREAD.isAvailable());
        assertEquals(Runtime.version().feature() >= 21, WorkerClass.VIRTUAL.isAvailable());
        assertEquals(WorkerClass.VIRTUAL, WorkerClass.parse("virtual"));
    }
}
