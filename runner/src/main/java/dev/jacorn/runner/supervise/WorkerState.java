package dev.jacorn.runner.supervise;

/**
 * The life of a worker:
 *
 * <pre>
 *   BOOTING --deployed--> READY --drain--> DRAINING --undeployed--> STOPPED
 *      |                    |                                          ^
 *      +--boot failed--> FAILED ---------------------------------------+
 *                           ^
 *                 READY ----+ (stopped before it drained, e.g. a quick stop)
 * </pre>
 *
 * Only READY workers receive new requests. Stopping is allowed from every state but STOPPED.
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
