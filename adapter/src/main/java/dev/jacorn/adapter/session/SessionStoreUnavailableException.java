package dev.jacorn.adapter.session;

/**
 * The session store could not be reached (or failed) while a request needed its session. Turned
 * into a 503 for that request by {@link SessionStoreFailures}; the store recovers by itself.
 */
public final class SessionStoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SessionStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
