package dev.jacorn.runner.supervise;

/**
 * What the supervisor tells observers (metrics, health): every worker state change and every
 * supervision decision. Called on the thread that made the change (the arbiter thread, or the
 * watchdog's for timeouts); implementations must be quick and must not throw.
 */
public interface SupervisorEvents {

    /** Observes nothing. */
    SupervisorEvents NONE = new SupervisorEvents() {
    };

    /** A worker moved from one state to another. */
    default void workerStateChanged(Worker worker, WorkerState from, WorkerState to) {
    }

    /** A worker is being replaced; {@code reason} is a stable word: reload, max-requests, failed, stuck. */
    default void workerReplaced(Worker worker, String reason) {
    }

    /** A reload of every application finished; {@code succeeded} is false when the old workers kept serving. */
    default void reloaded(boolean succeeded) {
    }

    /** A request ran past {@code --timeout}. */
    default void requestTimedOut(Worker worker) {
    }
}
