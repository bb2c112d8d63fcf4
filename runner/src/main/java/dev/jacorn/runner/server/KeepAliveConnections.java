package dev.jacorn.runner.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.server.protocol.http.HttpServerConnection;
import io.undertow.util.AttachmentKey;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;

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
 * where Undertow reads its requests. A connection opened for HTTP/1.1 on which no request has
 * begun yet (a browser's preconnection, say) is idle too: it is known by its socket until then.
 */
final class KeepAliveConnections {

    private static final AttachmentKey<Entry> ENTRY = AttachmentKey.create(Entry.class);
    /** Every this many opened connections, those that closed before a request are forgotten. */
    private static final int PRUNE_EVERY = 256;

    private final Set<Entry> open = ConcurrentHashMap.newKeySet();
    private final Set<StreamConnection> fresh = ConcurrentHashMap.newKeySet();
    private final AtomicInteger opened = new AtomicInteger();

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

    /**
     * A connection is open for HTTP/1.1 and no request has begun on it. Its I/O thread. Those that
     * close before a request (a load balancer's TCP check, a request too malformed to parse) are
     * forgotten every {@value #PRUNE_EVERY} opens, as the close is not reported here.
     */
    void opened(StreamConnection connection) {
        fresh.add(connection);
        if (opened.incrementAndGet() % PRUNE_EVERY == 0) {
            fresh.removeIf(known -> !known.isOpen());
        }
    }

    /** A connection counted by {@link #opened} turned out not to be HTTP/1.1 (h2c), or closed. */
    void forget(StreamConnection connection) {
        fresh.remove(connection);
    }

    /** A request has entered the pipeline on {@code connection}. Its I/O thread. */
    void requestStarted(HttpServerConnection connection) {
        Entry entry = connection.getAttachment(ENTRY);
        if (entry == null) {
            fresh.remove(connection.getChannel());
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

    /**
     * Closes every connection that is between two requests or has had none yet, each on its own
     * I/O thread. Any thread.
     */
    void closeIdle() {
        for (Entry entry : open) {
            entry.connection.getIoThread().execute(entry::closeIfIdle);
        }
        for (StreamConnection connection : fresh) {
            connection.getIoThread().execute(() -> {
                if (fresh.remove(connection)) {
                    IoUtils.safeClose(connection);
                }
            });
        }
    }

    /** How many connections have served a request and are tracked (open, not upgraded); for tests. */
    int size() {
        return open.size();
    }
}
