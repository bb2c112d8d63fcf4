package dev.jacorn.runner.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void liveWhileTheArbiterLoopTurnsAndNotLiveOnceItStalls() {
        AtomicLong clock = new AtomicLong(1_000);
        AtomicLong lastTurn = new AtomicLong(1_000);
        Health health = new Health(() -> true, lastTurn::get, clock::get);
        clock.addAndGet(Health.STALL.toNanos() - 1);
        assertTrue(health.isLive());
        lastTurn.set(clock.get());
        clock.addAndGet(Health.STALL.toNanos());
        assertFalse(health.isLive());
        assertEquals(Health.STALL, health.sinceLastTurn());
    }

    @Test
    void readyIsWhatTheRouterSays() {
        AtomicBoolean ready = new AtomicBoolean();
        Health health = new Health(ready::get, () -> 0, () -> 0);
        assertFalse(health.isReady());
        ready.set(true);
        assertTrue(health.isReady());
        assertEquals(Duration.ZERO, health.sinceLastTurn());
    }
}
