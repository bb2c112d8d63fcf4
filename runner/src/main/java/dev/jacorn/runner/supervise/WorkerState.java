package dev.jacorn.runner.supervise;

/**
 * The life of a worker:
 *
 * <pre>
 *   BOOTING --deployed--> READY --drain--> DRAINING --undeployed--> STOPPED
 *      |                    |                                          ^
 *      |                    +---------- stopped at once (quick stop) --+
 *      +--boot failed--> FAILED (holds nothing; the arbiter drops it and backs off)
 * </pre>
 *
 * Only READY workers receive new requests; an illegal move throws {@link IllegalStateException}.
 */
public enum WorkerState {
    BOOTING, READY, DRAINING, STOPPED, FAILED;

    boolean canMoveTo(WorkerState next) {
        return switch (this) {
            case BOOTING -> next == READY || next == FAILED;
            case READY -> next == DRAINING || next == STOPPED || next == FAILED;
            case DRAINING, FAILED -> next == STOPPED;
            case STOPPED -> false;
        };
    }
}
