package dev.jacorn.runner.server;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.protocols.http2.AbstractHttp2StreamSinkChannel;
import io.undertow.protocols.http2.AbstractHttp2StreamSourceChannel;
import io.undertow.protocols.http2.Http2Channel;
import io.undertow.protocols.http2.Http2StreamSourceChannel;
import io.undertow.server.protocol.framed.FrameHeaderData;
import java.io.IOException;
import java.util.Iterator;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.conduits.ConduitStreamSinkChannel;

/**
 * One server-side HTTP/2 connection (h2 or h2c by prior knowledge) with the limits Undertow's own
 * channel advertises but does not hold:
 *
 * <ul>
 *   <li>at most {@code --http2-max-concurrent-streams} streams open at once: a new stream beyond is
 *       reset with REFUSED_STREAM (RFC 9113 section 5.1.2) before any handler sees it, never
 *       queued. A stream counts from its HEADERS until the frame that ends its response is written
 *       to the socket, or the stream is reset: when the client, which sees the stream closed once it
 *       has that frame, opens its next one, this count has let the last one go;</li>
 *   <li>keep-alive: with no stream open and no frame received for {@code --keepalive} (as
 *       Tomcat's {@code keepAliveTimeout}), GOAWAY (NO_ERROR), then close;</li>
 *   <li>the header timeout: a header block left open for {@code --header-timeout} gets GOAWAY,
 *       then close;</li>
 *   <li>the reset and frame budgets counted by its {@link FrameWatch}: GOAWAY ENHANCE_YOUR_CALM,
 *       then close.</li>
 * </ul>
 *
 * <p>Frames are read on the connection's I/O thread; the timers run there too. The open-stream
 * count is also lowered from whatever thread closes a response.
 */
final class Http2Connection extends Http2Channel implements FrameWatch.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Http2Connection.class);
    private static final long CLOSE_AFTER_GOAWAY_MILLIS = 2000;

    private final int maxStreams;
    private final long keepaliveNanos;
    private final long headerTimeoutNanos;
    /** The open streams, by their responses; each leaves once (see {@link #streamClosed}). */
    private final Set<AbstractHttp2StreamSinkChannel> openStreams = ConcurrentHashMap.newKeySet();
    /** Responses whose last frame is queued, until it is written; read in {@link #flushSenders}. */
    private final Queue<AbstractHttp2StreamSinkChannel> lastFramesQueued = new ConcurrentLinkedQueue<>();
    private int lastStreamId;
    private volatile long idleSince = System.nanoTime();
    private volatile long lastFrame = System.nanoTime();
    private volatile long headerBlockSince;
    private volatile boolean goingAway;
    /** This connection sent GOAWAY ENHANCE_YOUR_CALM: its first close lingers (see {@link #close}). */
    private volatile boolean calming;
    private volatile boolean lingering;

    Http2Connection(StreamConnection connection, String protocol, ByteBufferPool buffers, PooledByteBuffer data,
                    OptionMap options, ProtocolLimits limits, long keepaliveMillis, long headerTimeoutMillis) {
        super(connection, protocol, buffers, data, false, false, true, options);
        this.maxStreams = limits.maxConcurrentStreams();
        this.keepaliveNanos = TimeUnit.MILLISECONDS.toNanos(keepaliveMillis);
        this.headerTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(headerTimeoutMillis);
        scheduleCheck();
    }

    @Override
    protected AbstractHttp2StreamSourceChannel createChannel(FrameHeaderData frameHeaderData, PooledByteBuffer frameData)
            throws IOException {
        AbstractHttp2StreamSourceChannel channel = super.createChannel(frameHeaderData, frameData);
        if (!(channel instanceof Http2StreamSourceChannel stream) || stream.getStreamId() <= lastStreamId) {
            return channel; // not a request, or trailers of a stream already open
        }
        lastStreamId = stream.getStreamId();
        // Refused once GOAWAY is out (it names the last stream served), not when it is only decided: the
        // frames read before a spent budget are still parsed, and a refused stream's DATA frames after
        // them would make Undertow answer GOAWAY PROTOCOL_ERROR in place of ENHANCE_YOUR_CALM.
        if (openStreams.size() >= maxStreams || isThisGoneAway()) {
            LOG.debug("Refused HTTP/2 stream {} from {}: {} streams open", stream.getStreamId(), getPeerAddress(),
                    openStreams.size());
            sendRstStream(stream.getStreamId(), ERROR_REFUSED_STREAM);
            return null;
        }
        AbstractHttp2StreamSinkChannel response = stream.getResponseChannel();
        openStreams.add(response);
        response.getCloseSetter().set(closed -> streamClosed(response));
        return channel;
    }

    /**
     * Notes a response whose last frame is queued: its writes are shut down before that frame is,
     * and before no other (a frame queued before the shutdown was queued while writes were open).
     */
    @Override
    protected void queueFrame(AbstractHttp2StreamSinkChannel frame) throws IOException {
        if (frame.isWritesShutdown() && openStreams.contains(frame)) {
            lastFramesQueued.add(frame);
        }
        super.queueFrame(frame);
    }

    /**
     * Writes the queued frames, then lets go of each stream whose last frame is now written (no
     * longer waiting to be flushed). Undertow tells the stream's close listener the same, but
     * through a task on this I/O thread, which runs only once the thread is done reading: a client
     * that opens a stream for each one it sees end keeps the thread reading, and tens of streams it
     * sees closed stayed counted here (92 to 100 of them at each refusal, one h2load connection with
     * 10 streams in flight), so it was refused streams well within the limit. A response with
     * trailers is let go when its last DATA frame is written; the trailers' HEADERS follow at once.
     */
    @Override
    protected synchronized void flushSenders() {
        super.flushSenders();
        for (Iterator<AbstractHttp2StreamSinkChannel> queued = lastFramesQueued.iterator(); queued.hasNext(); ) {
            AbstractHttp2StreamSinkChannel response = queued.next();
            if (!openStreams.contains(response)) {
                queued.remove(); // closed otherwise (reset, connection broken)
            } else if (!response.isReadyForFlush()) {
                queued.remove();
                streamClosed(response);
            }
        }
    }

    /** Once per stream, whichever of its last frame's write and its channel's close comes first. */
    private void streamClosed(AbstractHttp2StreamSinkChannel response) {
        if (openStreams.remove(response) && openStreams.isEmpty()) {
            idleSince = System.nanoTime();
        }
    }

    @Override
    public void frame() {
        lastFrame = System.nanoTime();
    }

    @Override
    public void headerBlock(boolean isOpen) {
        headerBlockSince = isOpen ? System.nanoTime() : 0;
    }

    /** Called inside a read of this connection, so the GOAWAY is sent just after it; the timers stop at once. */
    @Override
    public void tooMany(String what, int count, long windowMillis) {
        if (goingAway) {
            return;
        }
        goingAway = true;
        LOG.warn("HTTP/2 connection from {} sent more than {} {} in {} s; closing it with GOAWAY"
                + " ENHANCE_YOUR_CALM", getPeerAddress(), count, what, windowMillis / 1000);
        getIoThread().execute(() -> goAway(ERROR_ENHANCE_YOUR_CALM));
    }

    /** On the I/O thread, outside any read: GOAWAY now (Undertow closes after it), and close anyway later. */
    private void goAway(int code) {
        goingAway = true;
        calming = code == ERROR_ENHANCE_YOUR_CALM;
        sendGoAway(code);
        getIoThread().executeAfter(this::closeNow, CLOSE_AFTER_GOAWAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Undertow closes a connection as soon as its GOAWAY is handed to the socket's conduit. After a
     * flood that loses the GOAWAY: over TLS its record can still wait in the TLS conduit, which a
     * close discards, and a close with the flood's bytes unread resets the connection. So after
     * GOAWAY ENHANCE_YOUR_CALM the first close on the I/O thread only ends the writing side (what is
     * left, then TLS close_notify and FIN) while the {@link FrameWatch} reads and drops what still
     * comes; the connection closes when the client closes, or {@code CLOSE_AFTER_GOAWAY_MILLIS} after
     * the GOAWAY (as nginx's lingering close).
     */
    @Override
    public void close() throws IOException {
        if (calming && !lingering && getIoThread() == Thread.currentThread() && isOpen()) {
            lingering = true;
            if (endWrites()) {
                return;
            }
        }
        super.close();
    }

    private boolean endWrites() {
        ConduitStreamSinkChannel sink = getUnderlyingConnection().getSinkChannel();
        try {
            sink.shutdownWrites();
            if (!sink.flush()) {
                sink.setWriteListener(ChannelListeners.flushingChannelListener(null, (channel, e) -> closeNow()));
                sink.resumeWrites();
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void closeNow() {
        lingering = true;
        IoUtils.safeClose(this);
    }

    /**
     * A graceful stop's last step before the workers drain: with no stream open and no header block
     * begun, GOAWAY (NO_ERROR) naming the last stream served, then close, so that the client sends
     * its next request elsewhere instead of to a server that can no longer answer it. A connection
     * with a stream open is left to finish it. Any thread; the decision is taken on the I/O thread.
     */
    void goAwayIfIdle() {
        getIoThread().execute(() -> {
            if (isOpen() && !goingAway && openStreams.isEmpty() && headerBlockSince == 0) {
                LOG.debug("HTTP/2 connection from {} idle while stopping; closing it", getPeerAddress());
                goAway(ERROR_NO_ERROR);
            }
        });
    }

    /** Checks the idle and header timers a few times per period, on the I/O thread, while the connection is open. */
    private void scheduleCheck() {
        long period = Math.max(50, TimeUnit.NANOSECONDS.toMillis(Math.min(keepaliveNanos, headerTimeoutNanos)) / 5);
        getIoThread().executeAfter(this::check, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
        if (!isOpen() || goingAway) {
            return;
        }
        long now = System.nanoTime();
        long headerSince = headerBlockSince;
        if (headerSince != 0 && now - headerSince > headerTimeoutNanos) {
            LOG.debug("HTTP/2 connection from {} left a header block open past --header-timeout; closing it",
                    getPeerAddress());
            goAway(ERROR_NO_ERROR);
            return;
        }
        if (openStreams.isEmpty() && headerSince == 0 && now - Math.max(idleSince, lastFrame) > keepaliveNanos) {
            LOG.debug("HTTP/2 connection from {} idle past --keepalive; closing it", getPeerAddress());
            goAway(ERROR_NO_ERROR);
            return;
        }
        scheduleCheck();
    }
}
