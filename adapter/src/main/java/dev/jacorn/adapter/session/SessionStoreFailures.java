package dev.jacorn.adapter.session;

import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.api.ExceptionHandler;
import io.undertow.servlet.api.LoggingExceptionHandler;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * A request whose session could not be loaded or saved because the store is down is answered 503
 * (the store's outage is logged once by {@link SharedSessions}, not once per request, and the
 * client gets no stack trace). Everything else goes to Undertow's logging handler as before.
 */
public final class SessionStoreFailures implements ExceptionHandler {

    @Override
    public boolean handleThrowable(HttpServerExchange exchange, ServletRequest request, ServletResponse response,
            Throwable throwable) {
        for (Throwable cause = throwable; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SessionStoreUnavailableException) {
                if (!exchange.isResponseStarted()) {
                    response.reset();
                    exchange.setStatusCode(503);
                    exchange.getResponseHeaders().put(io.undertow.util.Headers.RETRY_AFTER, "1");
                }
                return true;
            }
        }
        return LoggingExceptionHandler.DEFAULT.handleThrowable(exchange, request, response, throwable);
    }
}
