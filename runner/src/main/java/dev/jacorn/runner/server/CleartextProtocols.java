package dev.jacorn.runner.server;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.DelegateOpenListener;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * A cleartext connection's first bytes decide its protocol: the HTTP/2 connection preface
 * ({@code PRI * HTTP/2.0...}) starts h2c by prior knowledge through {@link Http2Protocol}; anything
 * else is HTTP/1.1 for Undertow's listener, with the bytes already read handed on. A connection
 * that sends nothing within {@code --keepalive} is closed, as an idle HTTP/1.1 one would be.
 *
 * <p>Called on the connection's I/O thread.
 */
final class CleartextProtocols extends ForwardingOpenListener {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final DelegateOpenListener http1;
    private final Http2Protocol http2;
    private final KeepAliveConnections connections;
    private final long idleMillis;

    /** @param connections told of each connection while its first bytes are awaited: a graceful stop closes those */
    CleartextProtocols(DelegateOpenListener http1, Http2Protocol http2, KeepAliveConnections connections,
                       long idleMillis) {
        super(http1);
        this.http1 = http1;
        this.http2 = http2;
        this.connections = connections;
        this.idleMillis = idleMillis;
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        new FirstBytes(connection).read();
    }

    /** The bytes read so far on one connection, until they decide. */
    private final class FirstBytes {
        private final StreamConnection connection;
        private final PooledByteBuffer buffer;
        private XnioExecutor.Key idle;
        private boolean done;

        FirstBytes(StreamConnection connection) {
            this.connection = connection;
            this.buffer = http1.getBufferPool().allocate();
            connections.opened(connection);
        }

        void read() {
            if (done) {
                return;
            }
            ConduitStreamSourceChannel source = connection.getSourceChannel();
            try {
                int read;
                do {
                    read = source.read(buffer.getBuffer());
                    if (read < 0) {
                        close();
                        return;
                    }
                    Boolean preface = isPreface(buffer.getBuffer());
                    if (preface != null) {
                        handOver(preface);
                        return;
                    }
                } while (read > 0 && buffer.getBuffer().hasRemaining());
            } catch (IOException e) {
                close();
                return;
            }
            if (idle == null) {
                idle = connection.getIoThread().executeAfter(this::close, idleMillis, TimeUnit.MILLISECONDS);
                source.getReadSetter().set(channel -> read());
                source.resumeReads();
            }
        }

        /** True or false once the bytes read decide; {@code null} while they are a beginning of the preface. */
        private Boolean isPreface(ByteBuffer bytes) {
            int length = bytes.position();
            for (int i = 0; i < Math.min(length, PREFACE.length); i++) {
                if (bytes.get(i) != PREFACE[i]) {
                    return false;
                }
            }
            return length >= PREFACE.length ? Boolean.TRUE : null;
        }

        private void handOver(boolean preface) {
            done = true;
            if (idle != null) {
                idle.remove();
                connection.getSourceChannel().suspendReads();
                connection.getSourceChannel().getReadSetter().set(null);
            }
            buffer.getBuffer().flip();
            if (preface) {
                connections.forget(connection);
                http2.handleEvent(connection, buffer);
            } else {
                http1.handleEvent(connection, buffer);
            }
        }

        private void close() {
            if (done) {
                return;
            }
            done = true;
            buffer.close();
            connections.forget(connection);
            IoUtils.safeClose(connection);
        }
    }

    @Override
    public void setRootHandler(HttpHandler root) {
        super.setRootHandler(root);
        http2.setRootHandler(root);
    }

    @Override
    public void setUndertowOptions(OptionMap options) {
        super.setUndertowOptions(options);
        http2.setUndertowOptions(options);
    }

    @Override
    public void closeConnections() {
        super.closeConnections();
        http2.closeConnections();
    }
}
