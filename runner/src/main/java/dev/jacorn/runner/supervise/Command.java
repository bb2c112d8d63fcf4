package dev.jacorn.runner.supervise;

/**
 * What can be asked of the arbiter. Signal handlers, the file watcher, workers and the watchdog
 * only enqueue one of these; the arbiter thread acts on it.
 */
public enum Command {
    /** SIGTERM: stop accepting, let in-flight requests finish, undeploy, exit 0. */
    SHUTDOWN_GRACEFULLY,
    /** SIGINT (or a second SIGTERM): stop now. */
    SHUTDOWN_QUICKLY,
    /** SIGHUP, or a change of the application on disk with {@code --reload}: re-read and redeploy everything. */
    RELOAD,
    /** SIGTTIN: one worker more per application. */
    ADD_WORKER,
    /** SIGTTOU: one worker fewer per application, never below one. */
    REMOVE_WORKER,
    /** A worker reached its request limit or got stuck: look at the workers now rather than at the next tick. */
    CHECK_WORKERS
}
