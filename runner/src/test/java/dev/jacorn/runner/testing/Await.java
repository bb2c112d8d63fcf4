package dev.jacorn.runner.testing;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The tests' one way to wait: look at a condition until it holds or a deadline passes, then fail
 * with what was awaited. Waits for conditions, never for a fixed time; the deadline is a ceiling
 * for a loaded machine, not an expectation.
 */
public final class Await {

    private static final long PAUSE_MILLIS = 20;

    private Await() {
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @throws AssertionError naming {@code what} when {@code timeout} passes first
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        value(what, timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /**
     * Waits until {@code probe} returns something other than null, and returns it.
     *
     * @throws AssertionError naming {@code what} when {@code timeout} passes first
     */
    public static <T> T value(String what, Duration timeout, Supplier<T> probe) {
        Optional<T> found = poll(timeout, probe);
        return found.orElseThrow(() -> new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for "
                + what));
    }

    /** Waits until {@code probe} returns something other than null, or {@code timeout} passes (then empty). */
    public static <T> Optional<T> poll(Duration timeout, Supplier<T> probe) {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return Optional.of(value);
            }
            if (System.nanoTime() - end > 0) {
                return Optional.empty();
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting", e);
            }
        }
    }
}
