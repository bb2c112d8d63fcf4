package dev.jacorn.runner.server;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.ConnectorStatistics;
import io.undertow.server.DelegateOpenListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http2.Http2ReceiveListener;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;

/**
 * Starts HTTP/2 on a connection: h2 chosen by ALPN over TLS, or h2c by prior knowledge (handed over
 * by {@link CleartextProtocols} with the preface it read). Each connection is an
 * {@link Http2Connection} reading through a {@link FrameWatch}, with Undertow's receive listener
 * turning streams into exchanges for the request pipeline.
 *
 * <p>Called on the connection's I/O thread.
 */
final class Http2Protocol implements DelegateOpenListener {

    private final ByteBufferPool buffers;
    private final int bufferSize;
    private final String protocol;
    private final ProtocolLimits limits;
    private final long keepaliveMillis;
    private final long headerTimeoutMillis;
    private final Set<Http2Connection> connections = ConcurrentHashMap.newKeySet();
    private OptionMap options;
    private HttpHandler root;

    Http2Protocol(ByteBufferPool buffers, OptionMap options, String protocol, ListenerOptions listener) {
        this.buffers = buffers;
        try (PooledByteBuffer probe = buffers.allocate()) {
            this.bufferSize = probe.getBuffer().remaining();
        }
        this.options = options;
        this.protocol = protocol;
        this.limits = listener.protocol();
        this.keepaliveMillis = listener.keepaliveMillis();
        this.headerTimeoutMillis = listener.headerTimeoutMillis();
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        handleEvent(connection, null);
    }

    /** @param data bytes already read from the connection (the preface and perhaps frames), or {@code null} */
    @Override
    public void handleEvent(StreamConnection connection, PooledByteBuffer data) {
        FrameWatch watch = new FrameWatch(connection.getSourceChannel().getConduit(), limits, true);
        connection.getSourceChannel().setConduit(watch);
        // An empty buffer is freed by the channel's constructor: only one with bytes is kept and may be read after.
        boolean early = data != null && data.getBuffer().hasRemaining();
        Http2Connection http2 = new Http2Connection(connection, protocol, buffers, data, options, limits,
                keepaliveMillis, headerTimeoutMillis);
        // The bytes read before (the preface, often with a first burst of frames) are counted once the
        // connection listens, so that a budget they spend gets its GOAWAY; Undertow parses them only
        // after resumeReceives, so cutting them here still keeps the offending frames from it.
        watch.listen(http2);
        if (early) {
            watch.seen(data.getBuffer());
        }
        connections.add(http2);
        http2.addCloseTask(connections::remove);
        http2.getReceiveSetter().set(new Http2ReceiveListener(root, options, bufferSize, null));
        http2.resumeReceives();
    }

    @Override
    public HttpHandler getRootHandler() {
        return root;
    }

    @Override
    public void setRootHandler(HttpHandler root) {
        this.root = root;
    }

    @Override
    public OptionMap getUndertowOptions() {
        return options;
    }

    @Override
    public void setUndertowOptions(OptionMap options) {
        this.options = options;
    }

    @Override
    public ByteBufferPool getBufferPool() {
        return buffers;
    }

    @Override
    public ConnectorStatistics getConnectorStatistics() {
        return null;
    }

    /** Sends GOAWAY to every connection with no stream open, and closes it; see {@link Http2Connection#goAwayIfIdle}. */
    void closeIdleConnections() {
        connections.forEach(Http2Connection::goAwayIfIdle);
    }

    @Override
    public void closeConnections() {
        connections.forEach(IoUtils::safeClose);
    }
}
