package dev.jacorn.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the warm-up goes on after its fixed part: while the JIT is busy, never past the maximum. */
class WarmupTest {

    private final Warmup warmup = new Warmup(List.of("/api"), 1000, 5000, Duration.ofSeconds(30));

    @Test
    void aBusyJitGetsAnotherQuarterOfTheFixedPart() {
        assertEquals(250, warmup.nextBatch(1000, 600, 2000), "30 % of the batch spent compiling");
        assertEquals(250, warmup.nextBatch(4000, 101, 2000), "just over 5 %");
    }

    @Test
    void aQuietJitEndsTheWarmup() {
        assertEquals(0, warmup.nextBatch(1000, 100, 2000), "5 % exactly is quiet");
        assertEquals(0, warmup.nextBatch(1000, 0, 2000));
    }

    @Test
    void theMaximumIsNeverPassed() {
        assertEquals(100, warmup.nextBatch(4900, 900, 1000));
        assertEquals(0, warmup.nextBatch(5000, 900, 1000));
        Warmup capped = new Warmup(List.of("/api"), 1000, 1000, Duration.ofSeconds(30));
        assertEquals(0, capped.nextBatch(1000, 900, 1000), "a maximum at the fixed part turns the JIT part off");
    }

    @Test
    void aSmallWarmupStillSendsOneRequestPerConnectionPerBatch() {
        Warmup small = new Warmup(List.of("/api"), 8, 100, Duration.ofSeconds(30));
        assertEquals(Warmup.CONNECTIONS, small.nextBatch(8, 50, 100));
    }
}
