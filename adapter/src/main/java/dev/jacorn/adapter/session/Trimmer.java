package dev.jacorn.adapter.session;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Brings a map that grew past its bound back within it, one thread at a time: the thread that
 * finds it over and nobody trimming walks it; threads that find someone trimming add their entry
 * and go on, and the trimming thread checks again after each walk, with the flag released, so
 * that an addition made meanwhile is seen either by it or by the thread that added it. It stops
 * when the map is back within its bound or a walk freed nothing.
 */
final class Trimmer {

    private final AtomicBoolean trimming = new AtomicBoolean();

    /** Runs {@code walk} (true when it freed something) while {@code over} holds and no other thread trims. */
    void trimWhile(BooleanSupplier over, BooleanSupplier walk) {
        while (over.getAsBoolean() && trimming.compareAndSet(false, true)) {
            boolean freed;
            try {
                freed = walk.getAsBoolean();
            } finally {
                trimming.set(false);
            }
            if (!freed) {
                return;
            }
        }
    }
}
