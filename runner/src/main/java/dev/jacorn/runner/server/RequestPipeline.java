package dev.jacorn.runner.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http2.Http2UpgradeHandler;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;

/**
 * The one place the request pipeline is built, from the settings. Every request, whichever
 * protocol brought it (HTTP/1.1, h2, h2c by prior knowledge, h2c by upgrade), runs through the
 * same handlers, in this order:
 *
 * <ol>
 *   <li>{@link IoThreadCompletion}: HTTP/1.1 connection bookkeeping back on the I/O thread, and
 *       which connections are between two requests ({@link KeepAliveConnections});</li>
 *   <li>the h2c upgrade, on cleartext listeners with {@code --h2c-upgrade} only: outermost, so that
 *       the streams of an upgraded connection enter the pipeline again below it;</li>
 *   <li>{@link ConnectionScheme}: the scheme, {@code isSecure()} and the HTTPS port from the
 *       connection itself, never from a client's {@code :scheme}; CONFIDENTIAL redirects;</li>
 *   <li>{@link ForwardedHeaders}: the client's address and scheme from a trusted proxy;</li>
 *   <li>gzip with {@code --compress};</li>
 *   <li>the observer (access log and request metrics), so that refused requests are logged and
 *       counted too;</li>
 *   <li>{@link RequestGuard}: the request limits and checks, on the I/O thread;</li>
 *   <li>{@link BodyReader}: a small body read on the I/O thread, and the body-read timeout;</li>
 *   <li>{@link Http2StreamEnd}: a request thread that ends an HTTP/2 response does not wait for its
 *       last frame to be written;</li>
 *   <li>the router, which hands the request to a worker's thread.</li>
 * </ol>
 */
public final class RequestPipeline {

    private RequestPipeline() {
    }

    /**
     * @param observer wraps the handler behind it with the access log and metrics (identity when off)
     * @param httpsPort the bound port of the first HTTPS listener, or -1 when there is none
     * @param cleartext whether this pipeline serves a cleartext listener (the only place h2c upgrade may happen)
     * @param connections the HTTP/1.1 connections, told when each is busy
     */
    static HttpHandler build(ListenerOptions options, HttpHandler router, UnaryOperator<HttpHandler> observer,
                             IntSupplier httpsPort, boolean cleartext, KeepAliveConnections connections) {
        HttpHandler next = new BodyReader(options.protocol(), new Http2StreamEnd(router));
        next = new RequestGuard(options.limits(), next);
        next = observer.apply(next);
        next = options.compress() ? Compression.gzip(next) : next;
        next = new ForwardedHeaders(options.forwardedHeaders(), options.forwardedAllowIps(), next);
        next = new ConnectionScheme(httpsPort, next);
        if (cleartext && options.http2() && options.protocol().h2cUpgrade()) {
            next = new Http2UpgradeHandler(next);
        }
        return new IoThreadCompletion(connections, next);
    }
}
