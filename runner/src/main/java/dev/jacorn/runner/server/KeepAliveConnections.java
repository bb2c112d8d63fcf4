package dev.jacorn.runner.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.AttachmentKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.xnio.IoUtils;

/**
 * The HTTP/1.1 connections that have served a request, and whether each is between two requests:
 * what a graceful stop closes once the last response is out and before the workers drain, as nginx
 * closes its idle keep-alive connections when it stops. A client whose request would otherwise
 * reach a server with no worker left (a 503) instead finds its connection closed, and sends the
 * request again on a new one (RFC 9112 section 9.3.1), to another host behind a load balancer.
 *
 * <p>A connection is busy from the moment its request enters the pipeline until the exchange's
 * last step, and never counted again once its exchange upgraded it (WebSocket, h2c): those
 * connections are the workers' to close. Every change is made on the connection's I/O thread,
 * where Undertow reads its requests.
 */
final class KeepAliveConnections {

    private static final AttachmentKey<Entry> ENTRY = AttachmentKey.create(Entry.class);

    private final Set<Entry> open = ConcurrentHashMap.newKeySet();

    /** One connection's state. Fields on its I/O thread only. */
    private final class Entry implements ServerConnection.CloseListener {
        private final HttpServerConnection connection;
        private boolean busy;

        Entry(HttpServerConnection connection) {
            this.connection = connection;
        }

        @Override
        public void closed(ServerConnection closed) {
            open.remove(this);
        }

        void closeIfIdle() {
            if (!busy && connection.isOpen()) {
                IoUtils.safeClose(connection);
            }
        }
    }

    /** A request has entered the pipeline on {@code connection}. Its I/O thread. */
    void requestStarted(HttpServerConnection connection) {
        Entry entry = connection.getAttachment(ENTRY);
        if (entry == null) {
            entry = new Entry(connection);
            connection.putAttachment(ENTRY, entry);
            open.add(entry);
            connection.addCloseListener(entry);
        }
        entry.busy = true;
    }

    /** The exchange's last step is about to run (Undertow then reads the next request). Its I/O thread. */
    void requestEnded(HttpServerExchange exchange) {
        Entry entry = exchange.getConnection().getAttachment(ENTRY);
        if (entry == null) {
            return;
        }
        if (exchange.isUpgrade()) {
            open.remove(entry);
            exchange.getConnection().removeAttachment(ENTRY);
        } else {
            entry.busy = false;
        }
    }

    /** Closes every connection that is between two requests, each on its own I/O thread. Any thread. */
    void closeIdle() {
        for (Entry entry : open) {
            entry.connection.getIoThread().execute(entry::closeIfIdle);
        }
    }

    /** How many connections are tracked (open, not upgraded); for tests. */
    int size() {
        return open.size();
    }
}
