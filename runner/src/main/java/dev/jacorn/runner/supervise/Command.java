package dev.jacorn.runner.supervise;

/**
 * What can be asked of the arbiter. Signal handlers, file watchers and admin calls only enqueue
 * one of these; the arbiter thread acts on it.
 */
public enum Command {
    /** SIGTERM: stop accepting, let in-flight requests finish, undeploy, exit 0. */
    SHUTDOWN_GRACEFULLY,
    /** SIGINT (or a second SIGTERM): stop now. */
    SHUTDOWN_QUICKLY
}
