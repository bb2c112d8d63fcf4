package dev.jacorn.runner.server;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.DelegateOpenListener;
import io.undertow.server.protocol.http.HttpOpenListener;
import org.xnio.StreamConnection;

/**
 * Starts HTTP/1.1 on a connection (cleartext, over TLS, or chosen by ALPN) with Undertow's
 * listener, after counting it in {@link KeepAliveConnections} as a connection with no request
 * yet, so that a graceful stop closes it if none comes. Called on the connection's I/O thread.
 */
final class Http1Protocol extends ForwardingOpenListener implements DelegateOpenListener {

    private final HttpOpenListener http;
    private final KeepAliveConnections connections;

    Http1Protocol(HttpOpenListener http, KeepAliveConnections connections) {
        super(http);
        this.http = http;
        this.connections = connections;
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        handleEvent(connection, null);
    }

    @Override
    public void handleEvent(StreamConnection connection, PooledByteBuffer data) {
        connections.opened(connection);
        http.handleEvent(connection, data);
    }
}
