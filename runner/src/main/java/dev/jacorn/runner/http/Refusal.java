package dev.jacorn.runner.http;

import io.undertow.io.IoCallback;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Protocols;
import io.undertow.util.StatusCodes;

/**
 * The one writer of the short plain-text answers Jacorn gives instead of the application: a
 * status, {@code text/plain}, and the reason phrase as the body (never a stack trace).
 *
 * <p>A refusal that ends the connection ({@link #refuse}) marks the exchange not persistent and,
 * on HTTP/1.x, says {@code Connection: close} (after a refused request the framing of whatever
 * follows on the connection cannot be trusted); on HTTP/2, which forbids connection headers, only
 * the stream ends. An {@link #answer} leaves the connection as it is (a 404 for an unmounted path).
 *
 * <p>Callable on any thread that owns the exchange; it writes through the exchange's sender, which
 * does not block.
 */
public final class Refusal {

    private Refusal() {
    }

    /** Answers {@code status} and closes the connection (HTTP/1.x) or ends the stream (HTTP/2). */
    public static void refuse(HttpServerExchange exchange, int status) {
        refuse(exchange, status, IoCallback.END_EXCHANGE);
    }

    /** As {@link #refuse(HttpServerExchange, int)}, then runs {@code then}'s callbacks. */
    public static void refuse(HttpServerExchange exchange, int status, IoCallback then) {
        exchange.setPersistent(false);
        if (!Protocols.HTTP_2_0.equals(exchange.getProtocol())) {
            exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        }
        write(exchange, status, then);
    }

    /** Answers {@code status}; the connection stays open if it was going to. */
    public static void answer(HttpServerExchange exchange, int status) {
        write(exchange, status, IoCallback.END_EXCHANGE);
    }

    private static void write(HttpServerExchange exchange, int status, IoCallback then) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=UTF-8");
        exchange.getResponseSender().send(StatusCodes.getReason(status) + "\n", then);
    }
}
