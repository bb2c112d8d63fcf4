package dev.jacorn.runner.observe;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;

/**
 * What the access log says about one finished request, taken from the exchange when it completes.
 *
 * @param remoteAddress the peer's IP address
 * @param user the authenticated user, else the user name of a Basic {@code Authorization} header, else null
 * @param startEpochMillis when the request reached Jacorn
 * @param method e.g. {@code GET}
 * @param path the request path as sent, without the query string
 * @param query the query string, without {@code ?}; empty when none
 * @param protocol e.g. {@code HTTP/1.1}
 * @param status the response status
 * @param bytes response body bytes sent
 * @param durationNanos from arrival to completion
 */
public record RequestFacts(String remoteAddress, String user, long startEpochMillis, String method, String path,
        String query, String protocol, int status, long bytes, long durationNanos, HeaderMap requestHeaders,
        HeaderMap responseHeaders) {

    static RequestFacts of(HttpServerExchange exchange, long startEpochMillis, long durationNanos) {
        return new RequestFacts(remoteAddress(exchange), user(exchange), startEpochMillis,
                exchange.getRequestMethod().toString(), exchange.getRequestURI(), exchange.getQueryString(),
                exchange.getProtocol().toString(), exchange.getStatusCode(), exchange.getResponseBytesSent(),
                durationNanos, exchange.getRequestHeaders(), exchange.getResponseHeaders());
    }

    private static String remoteAddress(HttpServerExchange exchange) {
        var source = exchange.getSourceAddress();
        if (source == null) {
            return null;
        }
        return source.getAddress() != null ? source.getAddress().getHostAddress() : source.getHostString();
    }

    private static String user(HttpServerExchange exchange) {
        var security = exchange.getSecurityContext();
        if (security != null && security.getAuthenticatedAccount() != null) {
            Principal principal = security.getAuthenticatedAccount().getPrincipal();
            if (principal != null) {
                return principal.getName();
            }
        }
        String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon > 0 ? decoded.substring(0, colon) : null;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** The first value of a request header, or null. */
    String requestHeader(String name) {
        return requestHeaders.getFirst(name);
    }

    /** The response header's values joined by ", ", or null. */
    String responseHeader(String name) {
        var values = responseHeaders.get(name);
        return values == null || values.isEmpty() ? null : String.join(", ", values);
    }
}
