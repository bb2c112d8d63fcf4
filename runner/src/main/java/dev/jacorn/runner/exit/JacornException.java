package dev.jacorn.runner.exit;

/**
 * A failure the operator must see: a one-sentence message naming the setting, file or value and
 * what to do, the exit code to leave with, and (optionally) the cause, shown on the next line.
 */
public class JacornException extends RuntimeException {

    private final ExitCode exitCode;

    public JacornException(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
