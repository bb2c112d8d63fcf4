package dev.jacorn.runner.server;

import dev.jacorn.runner.http.Refusal;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard: every request, whatever protocol it came by (HTTP/1.1, h2, h2c by prior knowledge or
 * by upgrade), passes the {@link RequestLimits} and then the {@link RequestChecks} here before
 * anything behind it runs; a refused request gets a short plain-text status through
 * {@link Refusal#refuse} (the connection closed on HTTP/1.x, the stream ended on HTTP/2). It also
 * answers {@code OPTIONS *}, which is about the server, not an application. Runs on I/O threads;
 * never reads a request body. {@link RequestPipeline} places it.
 */
public final class RequestGuard implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestGuard.class);
    private static final String ALLOW = "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS";

    private final RequestLimits limits;
    private final HttpHandler next;

    public RequestGuard(RequestLimits limits, HttpHandler next) {
        this.limits = limits;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        int over = limits.check(exchange);
        if (over != 0) {
            LOG.debug("Refused {} {} from {}: over a request limit ({})", exchange.getRequestMethod(),
                    exchange.getRequestURI(), exchange.getSourceAddress(), over);
            Refusal.refuse(exchange, over);
            return;
        }
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
        HeaderMap headers = exchange.getRequestHeaders();
        for (long at = headers.fastIterateNonEmpty(); at != -1L; at = headers.fiNextNonEmpty(at)) {
            HeaderValues values = headers.fiCurrent(at);
            for (int i = 0; i < values.size(); i++) {
                rejection = RequestChecks.checkHeaderValue(values.get(i));
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
        if (rejection.status() == StatusCodes.METHOD_NOT_ALLOWED) {
            exchange.getResponseHeaders().put(Headers.ALLOW, ALLOW);
        }
        Refusal.refuse(exchange, rejection.status());
    }
}
