package dev.jacorn.adapter;

/**
 * The application was found but failed while it was deployed or started: a listener, an
 * initializer or a load-on-startup servlet threw. The message names the application; the cause is
 * what the application threw.
 */
public class AppBootException extends RuntimeException {

    public AppBootException(String message, Throwable cause) {
        super(message, cause);
    }
}
