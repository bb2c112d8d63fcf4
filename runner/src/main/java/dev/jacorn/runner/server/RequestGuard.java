package dev.jacorn.runner.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler behind the listeners: applies {@link RequestChecks} and answers the refused
 * requests itself, with a short plain-text status and {@code Connection: close} (after a refused
 * request the framing of what follows on the connection cannot be trusted). It also answers
 * {@code OPTIONS *}, which is about the server, not an application. Runs on I/O threads; never
 * reads a request body.
 */
public final class RequestGuard implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);
    private static final String ALLOW = "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS";

    private final HttpHandler next;

    public RequestGuard(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        RequestChecks.Rejection rejection = check(exchange);
        if (rejection != null) {
            refuse(exchange, rejection);
            return;
        }
        if ("*".equals(exchange.getRequestURI())) {
            answerAsterisk(exchange);
            return;
        }
        next.handleRequest(exchange);
    }

    private static RequestChecks.Rejection check(HttpServerExchange exchange) {
        HeaderValues contentLength = exchange.getRequestHeaders().get(Headers.CONTENT_LENGTH);
        if (contentLength != null) {
            for (String value : contentLength) {
                RequestChecks.Rejection length = RequestChecks.checkContentLength(value);
                if (length != null) {
                    return length;
                }
            }
        }
        HeaderValues transferEncoding = exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
        RequestChecks.Rejection rejection = RequestChecks.checkTransferEncoding(exchange.getProtocol().toString(),
                transferEncoding == null ? null : String.join(",", transferEncoding));
        if (rejection != null) {
            return rejection;
        }
        String uri = exchange.getRequestURI();
        if (!"*".equals(uri)) {
            rejection = RequestChecks.checkTarget(exchange.getRequestMethod().toString(), pathOf(uri));
            if (rejection != null) {
                return rejection;
            }
        }
        for (HeaderValues values : exchange.getRequestHeaders()) {
            for (String value : values) {
                rejection = RequestChecks.checkHeaderValue(value);
                if (rejection != null) {
                    return rejection;
                }
            }
        }
        return null;
    }

    /** The path of a request URI in origin form ({@code /a/b}) or absolute form ({@code http://h/a/b}). */
    static String pathOf(String uri) {
        int start = 0;
        int scheme = uri.indexOf("://");
        if (scheme > 0 && !uri.startsWith("/")) {
            int slash = uri.indexOf('/', scheme + 3);
            if (slash < 0) {
                return "/";
            }
            start = slash;
        }
        int query = uri.indexOf('?', start);
        return query < 0 ? uri.substring(start) : uri.substring(start, query);
    }

    private static void answerAsterisk(HttpServerExchange exchange) {
        if (Methods.OPTIONS.equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().put(Headers.ALLOW, ALLOW);
            exchange.setStatusCode(StatusCodes.OK);
            exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, 0);
            exchange.endExchange();
            return;
        }
        refuse(exchange, new RequestChecks.Rejection(400, "Only OPTIONS may target *"));
    }

    private static void refuse(HttpServerExchange exchange, RequestChecks.Rejection rejection) {
        LOG.debug("Refused {} {} from {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                exchange.getSourceAddress(), rejection.reason());
        exchange.setPersistent(false);
        exchange.setStatusCode(rejection.status());
        if (rejection.status() == StatusCodes.METHOD_NOT_ALLOWED) {
            exchange.getResponseHeaders().put(Headers.ALLOW, ALLOW);
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=UTF-8");
        exchange.getResponseSender().send(StatusCodes.getReason(rejection.status()) + "\n");
    }
}
