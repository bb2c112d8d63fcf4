package dev.jacorn.runner.supervise;

/**
 * The life of a worker:
 *
 * <pre>
 *   BOOTING --deployed--> READY --drain--> DRAINING --undeployed--> STOPPED
 *      |                    |
 *      +-----failed---------+--------> FAILED
 * </pre>
 *
 * Only READY workers receive new requests.
 */
public enum WorkerState {
    BOOTING, READY, DRAINING, STOPPED, FAILED
}
