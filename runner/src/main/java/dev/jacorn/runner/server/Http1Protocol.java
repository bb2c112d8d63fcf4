package dev.jacorn.runner.server;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.ConnectorStatistics;
import io.undertow.server.DelegateOpenListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;

/**
 * Starts HTTP/1.1 on a connection (cleartext, over TLS, or chosen by ALPN) with Undertow's
 * listener, after counting it in {@link KeepAliveConnections} as a connection with no request
 * yet, so that a graceful stop closes it if none comes. Called on the connection's I/O thread.
 */
final class Http1Protocol implements DelegateOpenListener {

    private final HttpOpenListener http;
    private final KeepAliveConnections connections;

    Http1Protocol(HttpOpenListener http, KeepAliveConnections connections) {
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

    @Override
    public HttpHandler getRootHandler() {
        return http.getRootHandler();
    }

    @Override
    public void setRootHandler(HttpHandler root) {
        http.setRootHandler(root);
    }

    @Override
    public OptionMap getUndertowOptions() {
        return http.getUndertowOptions();
    }

    @Override
    public void setUndertowOptions(OptionMap options) {
        http.setUndertowOptions(options);
    }

    @Override
    public ByteBufferPool getBufferPool() {
        return http.getBufferPool();
    }

    @Override
    public ConnectorStatistics getConnectorStatistics() {
        return http.getConnectorStatistics();
    }

    @Override
    public void closeConnections() {
        http.closeConnections();
    }
}
