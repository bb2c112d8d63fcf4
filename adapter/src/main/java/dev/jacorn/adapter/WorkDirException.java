package dev.jacorn.adapter;

/**
 * The work directory cannot be used: it cannot be created, is not a directory, belongs to another
 * user or can be written by other users. Its message is one sentence meant for the operator.
 */
public class WorkDirException extends RuntimeException {

    public WorkDirException(String message) {
        super(message);
    }

    public WorkDirException(String message, Throwable cause) {
        super(message, cause);
    }
}
