package dev.jacorn.adapter;

/**
 * The application cannot be loaded: the source is missing, is not a WAR, directory or class, or
 * the class is not a servlet. Its message is one sentence meant for the operator.
 */
public class AppLoadException extends RuntimeException {

    public AppLoadException(String message) {
        super(message);
    }

    public AppLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
