package dev.jacorn.runner.server;

import dev.jacorn.runner.http.Refusal;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.RequestBufferingHandler;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * How request bodies are read, the same on HTTP/1.1 and HTTP/2:
 *
 * <ul>
 *   <li>up to {@code --body-buffer-size} of a body is read on the I/O thread, with Undertow's
 *       {@link RequestBufferingHandler}, before the request goes on to the router and takes a
 *       worker's thread: a slow upload holds a little memory, not a thread;</li>
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

    private final long timeoutNanos;
    private final long bufferBytes;
    private final HttpHandler next;
    private volatile HttpHandler buffering;

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
        progress.schedule(timeoutNanos);
        if (bufferBytes == 0) {
            next.handleRequest(exchange);
        } else {
            buffering(exchange).handleRequest(exchange);
        }
    }

    private HttpHandler buffering(HttpServerExchange exchange) {
        HttpHandler handler = buffering;
        if (handler == null) {
            int size = Math.max(1, exchange.getConnection().getBufferSize());
            handler = new RequestBufferingHandler(next, (int) Math.max(1, (bufferBytes + size - 1) / size));
            buffering = handler;
        }
        return handler;
    }

    /** When the body last moved; the timer that answers 408 when it stops. */
    private final class Progress {
        private final HttpServerExchange exchange;
        private volatile long lastRead = System.nanoTime();
        private volatile boolean timedOut;

        Progress(HttpServerExchange exchange) {
            this.exchange = exchange;
        }

        void read() {
            lastRead = System.nanoTime();
        }

        boolean isTimedOut() {
            return timedOut || System.nanoTime() - lastRead > timeoutNanos;
        }

        void schedule(long delayNanos) {
            exchange.getIoThread().executeAfter(this::check, Math.max(1, delayNanos / 1_000_000) + 1,
                    TimeUnit.MILLISECONDS);
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
            timedOut = true;
            LOG.debug("{} {} from {}: no body bytes for --body-timeout; answering 408", exchange.getRequestMethod(),
                    exchange.getRequestURI(), exchange.getSourceAddress());
            if (exchange.isResponseStarted()) {
                exchange.setPersistent(false);
                return;
            }
            Runnable answer = () -> {
                try {
                    if (!exchange.isResponseStarted() && !exchange.isComplete()) {
                        Refusal.refuse(exchange, StatusCodes.REQUEST_TIME_OUT);
                    }
                } catch (RuntimeException e) {
                    LOG.debug("Answering 408 failed: {}", e.toString());
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

        @Override
        public void awaitReadable() throws IOException {
            awaitReadable(timeoutNanos, TimeUnit.NANOSECONDS);
            if (progress.isTimedOut()) {
                throw new SocketTimeoutException("No request body bytes within --body-timeout");
            }
        }

        @Override
        public void awaitReadable(long time, TimeUnit unit) throws IOException {
            if (progress.isTimedOut()) {
                throw new SocketTimeoutException("No request body bytes within --body-timeout");
            }
            next.awaitReadable(Math.min(unit.toNanos(time), timeoutNanos), TimeUnit.NANOSECONDS);
        }
    }
}
