package dev.jacorn.runner.admin;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The two probe answers. Live: the arbiter loop turned within {@link #STALL} (it turns at
 * least once a second when idle; a start-up or a reload that boots workers for longer than that
 * also reads as not live, so give Kubernetes a startupProbe for slow applications). Ready: every
 * application has a READY worker and no shutdown has begun (the router says both). Any thread.
 */
public final class Health {

    /** How long the arbiter loop may go without turning before the process counts as not live. */
    public static final Duration STALL = Duration.ofSeconds(60);

    private final BooleanSupplier ready;
    private final LongSupplier lastTurnNanos;
    private final LongSupplier nanoClock;

    /**
     * @param ready whether requests can be served now
     * @param lastTurnNanos {@code System.nanoTime()} of the arbiter loop's last turn
     * @param nanoClock the clock {@code lastTurnNanos} reads ({@code System::nanoTime}; a fake in tests)
     */
    public Health(BooleanSupplier ready, LongSupplier lastTurnNanos, LongSupplier nanoClock) {
        this.ready = ready;
        this.lastTurnNanos = lastTurnNanos;
        this.nanoClock = nanoClock;
    }

    public boolean isReady() {
        return ready.getAsBoolean();
    }

    /** Time since the arbiter loop last turned. */
    public Duration sinceLastTurn() {
        return Duration.ofNanos(Math.max(0, nanoClock.getAsLong() - lastTurnNanos.getAsLong()));
    }

    public boolean isLive() {
        return sinceLastTurn().compareTo(STALL) < 0;
    }
}
