package dev.jacorn.runner.server;

import dev.jacorn.runner.http.Refusal;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.Connectors;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.RequestTooBigException;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * How request bodies are read, the same on HTTP/1.1 and HTTP/2:
 *
 * <ul>
 *   <li>up to {@code --body-buffer-size} of a body is read on the I/O thread before the request
 *       goes on to the router and takes a worker's thread (as nginx buffers bodies): a slow upload
 *       holds a little memory, not a thread. A body over {@code --limit-request-body} found while
 *       reading gets 413; any other read failure closes the connection. Undertow's own
 *       {@code RequestBufferingHandler} would answer such a failure with an empty 200;</li>
 *   <li>{@code --body-timeout}: when no body bytes arrive for that long, the client gets 408 if
 *       nothing was answered yet, and the connection (HTTP/1.1) or stream (HTTP/2) is closed; an
 *       application thread blocked reading the body gets an {@link IOException} at the same time,
 *       so it never waits forever.</li>
 * </ul>
 *
 * <p>Runs on I/O threads; the timer runs on the exchange's I/O thread; the 408 is written from an
 * XNIO task thread when the application reads in blocking mode.
 */
final class BodyReader implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(BodyReader.class);
    private static final long SLICE_MILLIS = 250;

    private final long timeoutNanos;
    private final long bufferBytes;
    private final HttpHandler next;

    BodyReader(ProtocolLimits limits, HttpHandler next) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(limits.bodyTimeoutMillis());
        this.bufferBytes = limits.bodyBufferBytes();
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.isRequestComplete()) {
            next.handleRequest(exchange);
            return;
        }
        Progress progress = new Progress(exchange);
        exchange.addRequestWrapper((factory, ignored) -> new TimedSource(factory.create(), progress));
        if (bufferBytes == 0 || HttpContinue.requiresContinueResponse(exchange.getRequestHeaders())) {
            progress.start(); // a client waiting for 100-continue sends nothing yet
            next.handleRequest(exchange);
            return;
        }
        Buffered buffered = new Buffered(exchange);
        progress.buffered = buffered;
        boolean complete;
        try {
            complete = buffered.readAvailable();
        } catch (IOException e) {
            buffered.fail(e);
            return;
        }
        if (!complete || !buffered.ended) {
            progress.start(); // only a body still on its way needs the timer
        }
        if (complete) {
            buffered.handBack();
            next.handleRequest(exchange);
        } else {
            buffered.await();
        }
    }

    /**
     * The first {@code --body-buffer-size} bytes of one body, read on the I/O thread as they come;
     * then handed back to the exchange (the application reads them first) and the request goes on.
     *
     * <p>The bytes go into heap buffers of the body's own size (chunks of {@link #CHUNK} when its
     * length is not known), not into the connection's pool: a pooled buffer taken here on the I/O
     * thread is given back on the request thread that reads it, so the I/O thread's cache never
     * refills and each body would cost a fresh 16 KiB direct buffer (allocated, zeroed, registered
     * with a cleaner, freed).
     */
    private final class Buffered implements ChannelListener<StreamSourceChannel> {
        /** The chunk size for a body without a Content-Length. */
        private static final int CHUNK = 8192;

        private final HttpServerExchange exchange;
        private final StreamSourceChannel channel;
        /** How much of the body is read here: all of it when it fits, else {@code --body-buffer-size}. */
        private final long limit;
        /** The body's Content-Length, or -1 when it has none (chunked). */
        private final long length;
        private final List<PooledByteBuffer> full = new ArrayList<>(1);
        private PooledByteBuffer current;
        private long total;
        private boolean done;
        /** Whether the whole body was read (not only the buffered part). */
        private boolean ended;

        Buffered(HttpServerExchange exchange) {
            this.exchange = exchange;
            this.channel = exchange.getRequestChannel();
            this.length = exchange.getRequestContentLength();
            this.limit = length >= 0 ? Math.min(length, bufferBytes) : bufferBytes;
        }

        /** Reads what is there; true when the body (or the buffered part) is complete, false to wait for more. */
        boolean readAvailable() throws IOException {
            while (true) {
                if (total == length) {
                    ended = true;
                    return true;
                }
                if (current == null) {
                    long wanted = limit - total;
                    current = new HeapBytes((int) Math.min(length >= 0 ? Math.max(1, wanted) : Math.min(CHUNK, wanted),
                            64 * 1024));
                }
                ByteBuffer buffer = current.getBuffer();
                int read = channel.read(buffer);
                if (read < 0) {
                    ended = true;
                    return true;
                }
                if (read == 0) {
                    return false;
                }
                total += read;
                if (!buffer.hasRemaining()) {
                    buffer.flip();
                    full.add(current);
                    current = null;
                }
                if (total >= limit) {
                    ended = total == length;
                    return true;
                }
            }
        }

        @Override
        public void handleEvent(StreamSourceChannel ignored) {
            try {
                if (readAvailable()) {
                    handBack();
                    Connectors.executeRootHandler(next, exchange);
                }
            } catch (IOException e) {
                fail(e);
            }
        }

        /** Gives the bytes read back to the exchange, for the application to read first. */
        void handBack() {
            done = true;
            if (current != null) {
                if (current.getBuffer().position() > 0) {
                    current.getBuffer().flip();
                    full.add(current);
                } else {
                    current.close();
                }
                current = null;
            }
            Connectors.ungetRequestBytes(exchange, full.toArray(PooledByteBuffer[]::new));
            Connectors.resetRequestChannel(exchange);
            channel.getReadSetter().set(null);
            channel.suspendReads();
        }

        /** Waits for the rest of the body with a read listener, unless it came already. */
        void await() {
            channel.getReadSetter().set(this);
            channel.resumeReads();
        }

        /** A read failed: 413 past {@code --limit-request-body}, otherwise the connection is closed. */
        void fail(IOException failure) {
            abandon();
            if (failure instanceof RequestTooBigException && !exchange.isResponseStarted()) {
                Refusal.refuse(exchange, StatusCodes.REQUEST_ENTITY_TOO_LARGE);
            } else {
                LOG.debug("Reading the body of {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                        failure.toString());
                IoUtils.safeClose(exchange.getConnection());
            }
        }

        /** Stops reading and frees what was read; true if it was still reading. */
        boolean abandon() {
            if (done) {
                return false;
            }
            done = true;
            channel.getReadSetter().set(null);
            channel.suspendReads();
            full.forEach(PooledByteBuffer::close);
            if (current != null) {
                current.close();
            }
            return true;
        }
    }

    /**
     * When the body last moved; the timer that answers 408 when it stops. The timer is started only
     * for a body that is still on its way once the buffered part was read (a body that came with its
     * headers, the common case, costs no timer), and it is cancelled when the exchange completes, so
     * that a finished request is not kept reachable from the I/O thread's timer queue until the
     * body timeout would have passed.
     */
    private final class Progress implements ExchangeCompletionListener {
        private final HttpServerExchange exchange;
        private volatile long lastRead = System.nanoTime();
        /** Set once the 408 went out (or could not): only then is a thread waiting for the body released. */
        private volatile boolean released;
        private Buffered buffered;
        /** The pending timer, null once stopped; guarded by this. */
        private XnioExecutor.Key timer;
        private boolean stopped;

        Progress(HttpServerExchange exchange) {
            this.exchange = exchange;
        }

        void read() {
            lastRead = System.nanoTime();
        }

        boolean isReleased() {
            return released;
        }

        void start() {
            exchange.addExchangeCompleteListener(this);
            schedule(timeoutNanos);
        }

        @Override
        public void exchangeEvent(HttpServerExchange done, NextListener nextListener) {
            stop();
            nextListener.proceed();
        }

        synchronized void schedule(long delayNanos) {
            if (!stopped) {
                timer = exchange.getIoThread().executeAfter(this::check, Math.max(1, delayNanos / 1_000_000) + 1,
                        TimeUnit.MILLISECONDS);
            }
        }

        /** The exchange completed: no 408 can be due any more. Called on whichever thread completes it. */
        synchronized void stop() {
            stopped = true;
            if (timer != null) {
                timer.remove();
                timer = null;
            }
        }

        private void check() {
            if (exchange.isRequestComplete() || exchange.isComplete()) {
                return;
            }
            long idle = System.nanoTime() - lastRead;
            if (idle <= timeoutNanos) {
                schedule(timeoutNanos - idle);
                return;
            }
            LOG.debug("{} {} from {}: no body bytes for --body-timeout; answering 408", exchange.getRequestMethod(),
                    exchange.getRequestURI(), exchange.getSourceAddress());
            if (buffered != null) {
                buffered.abandon(); // on this I/O thread, where the buffering reads happen
            }
            if (exchange.isResponseStarted()) {
                exchange.setPersistent(false);
                released = true;
                return;
            }
            Runnable answer = () -> {
                try {
                    if (!exchange.isResponseStarted() && !exchange.isComplete()) {
                        Refusal.refuse(exchange, StatusCodes.REQUEST_TIME_OUT);
                    }
                } catch (RuntimeException e) {
                    LOG.debug("Answering 408 failed: {}", e.toString());
                } finally {
                    released = true;
                }
            };
            if (exchange.isBlocking()) {
                exchange.getConnection().getWorker().execute(answer);
            } else {
                answer.run();
            }
        }
    }

    /** The request body's source: notes progress, and bounds every blocking wait by the body timeout. */
    private final class TimedSource extends AbstractStreamSourceConduit<StreamSourceConduit> {
        private final Progress progress;

        TimedSource(StreamSourceConduit next, Progress progress) {
            super(next);
            this.progress = progress;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int read = next.read(dst);
            if (read > 0) {
                progress.read();
            }
            return read;
        }

        @Override
        public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
            long read = next.read(dsts, offs, len);
            if (read > 0) {
                progress.read();
            }
            return read;
        }

        /**
         * Waits in short slices, so that a thread waiting for a body that stopped is released (with an
         * {@link IOException}) soon after the timer has answered 408 for it.
         */
        @Override
        public void awaitReadable() throws IOException {
            awaitReadable(SLICE_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void awaitReadable(long time, TimeUnit unit) throws IOException {
            if (progress.isReleased()) {
                throw new SocketTimeoutException("No request body bytes within --body-timeout");
            }
            next.awaitReadable(Math.max(1, Math.min(unit.toMillis(time), SLICE_MILLIS)), TimeUnit.MILLISECONDS);
            if (progress.isReleased()) {
                throw new SocketTimeoutException("No request body bytes within --body-timeout");
            }
        }
    }

    /** A buffer of the body's own, left to the garbage collector when closed. */
    private static final class HeapBytes implements PooledByteBuffer {
        private final ByteBuffer buffer;
        private boolean open = true;

        HeapBytes(int size) {
            this.buffer = ByteBuffer.allocate(size);
        }

        @Override
        public ByteBuffer getBuffer() {
            return buffer;
        }

        @Override
        public void close() {
            open = false;
        }

        @Override
        public boolean isOpen() {
            return open;
        }
    }
}
