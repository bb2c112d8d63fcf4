package dev.jacorn.runner.server;

import dev.jacorn.adapter.ConfidentialTransport;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.function.IntSupplier;

/**
 * Sets each request's scheme from its connection: {@code https} when it arrived over TLS, else
 * {@code http}. Undertow's HTTP/2 takes the scheme from the client's {@code :scheme}
 * pseudo-header, so without this a cleartext h2c client could claim {@code https} and be
 * {@code isSecure()}, pass a {@code CONFIDENTIAL} constraint and see port 443; an HTTP/1.1
 * absolute-form target's scheme ({@code GET https://host/path}) is corrected the same way. Only
 * {@link ForwardedHeaders}, after this handler, may change the scheme again, and only for a
 * trusted proxy.
 *
 * <p>A cleartext request also carries the port of the HTTPS listener, when there is one, for the
 * redirect a {@code CONFIDENTIAL} constraint asks for ({@link ConfidentialTransport#HTTPS_PORT}).
 *
 * <p>Runs on I/O threads for every request of every protocol (HTTP/1.1, h2, h2c by upgrade or
 * prior knowledge); stateless apart from the port, which is known once the listeners are bound.
 */
final class ConnectionScheme implements HttpHandler {

    private final IntSupplier httpsPort;
    private final HttpHandler next;

    /** @param httpsPort the bound port of the first HTTPS listener, or -1 when there is none (yet) */
    ConnectionScheme(IntSupplier httpsPort, HttpHandler next) {
        this.httpsPort = httpsPort;
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        boolean tls = exchange.getConnection().getSslSessionInfo() != null;
        String scheme = tls ? "https" : "http";
        exchange.setRequestScheme(scheme);
        if (exchange.isHostIncludedInRequestURI()) {
            // An absolute-form target (GET https://host/path) becomes getRequestURL() as written.
            String uri = exchange.getRequestURI();
            int separator = uri.indexOf("://");
            if (separator > 0 && !uri.regionMatches(true, 0, scheme, 0, separator)) {
                exchange.setRequestURI(scheme + uri.substring(separator), true);
            }
        }
        if (!tls) {
            int port = httpsPort.getAsInt();
            if (port > 0) {
                exchange.putAttachment(ConfidentialTransport.HTTPS_PORT, port);
            }
        }
        next.handleRequest(exchange);
    }
}
