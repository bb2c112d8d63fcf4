package dev.jacorn.runner.exit;

/**
 * The process exit codes, as Gunicorn's where they overlap. Documented in the README.
 */
public enum ExitCode {
    /** Stopped normally (including a graceful stop on SIGTERM). */
    OK(0),
    /** The server could not run: a port in use, a listener that failed. */
    ERROR(1),
    /** Bad usage: an unknown option or a bad setting value. */
    USAGE(2),
    /** The application was found but a worker could not boot it. */
    WORKER_BOOT(3),
    /** The application could not be loaded: missing, not a WAR, directory or servlet class. */
    APP_LOAD(4);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
