package dev.jacorn.runner.server;

import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * Lets the request thread that ends an HTTP/2 response go on to its next request without waiting
 * for the connection's I/O thread to write the stream's last frame.
 *
 * <p>Undertow writes HTTP/2 frames only on the connection's I/O thread. A servlet response ends
 * with a blocking close: the request thread queues the last DATA frame, parks until the I/O thread
 * has written it, is woken, and only then ends the exchange; one park and one wake-up per request
 * that do no work (the request threads switched 1.02 times per h2 request, Jetty's 0.25). Here the
 * first flush after the response's writes were shut down, made on a request thread, reports the
 * stream flushed once its last frame is handed over; the exchange's end then asks again, is told
 * the truth, and finishes the stream without blocking, as Undertow ends any non-blocking exchange:
 * the I/O thread writes the frame and then ends the exchange (access log, metrics, the worker's
 * in-flight count), still when the frame is written.
 * Waits for room in the middle of a body (flow control, a slow client) are untouched.
 *
 * <p>Added last, just before the router, so that its conduit is the outermost: a conduit inside it
 * (gzip) is always asked for the truth. HTTP/1.1 exchanges pass through untouched: their request
 * thread writes the response itself.
 */
final class Http2StreamEnd implements HttpHandler {

    private static final ConduitWrapper<StreamSinkConduit> LAST_FRAME_HANDED_OVER =
            (factory, exchange) -> new LastFrame(factory.create());

    private final HttpHandler next;

    Http2StreamEnd(HttpHandler next) {
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.getConnection() instanceof Http2ServerConnection) {
            exchange.addResponseWrapper(LAST_FRAME_HANDED_OVER);
        }
        next.handleRequest(exchange);
    }

    /** The response's conduit; its one untruthful flush is the blocking close's. */
    static final class LastFrame extends AbstractStreamSinkConduit<StreamSinkConduit> {

        private boolean writesEnded;
        private boolean handedOver;

        LastFrame(StreamSinkConduit next) {
            super(next);
        }

        @Override
        public void terminateWrites() throws IOException {
            next.terminateWrites();
            writesEnded = true;
        }

        @Override
        public int writeFinal(ByteBuffer src) throws IOException {
            int written = next.writeFinal(src);
            writesEnded |= !src.hasRemaining();
            return written;
        }

        @Override
        public long writeFinal(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long written = next.writeFinal(srcs, offset, length);
            writesEnded |= !anyRemaining(srcs, offset, length);
            return written;
        }

        @Override
        public boolean flush() throws IOException {
            if (Thread.currentThread() == next.getWriteThread()) {
                return next.flush();
            }
            if (handedOver) {
                // Only the I/O thread touches the stream from here: a request thread's flush could
                // race with the frame's completion and miss ending the exchange.
                return false;
            }
            if (next.flush()) {
                return true;
            }
            if (!writesEnded) {
                return false;
            }
            handedOver = true;
            return true;
        }

        /**
         * The exchange's end resumes writes to be told when the frame is written; after the hand-over
         * that happens on the I/O thread, which writes the frame: Undertow's framed channel checks
         * for a resumed listener without a lock, and a resume from another thread can be missed.
         * A wake-up rather than a resume, so that a stream whose connection broke meanwhile still
         * runs its listener once, which ends the exchange.
         */
        @Override
        public void resumeWrites() {
            if (!wokenOnIoThread()) {
                next.resumeWrites();
            }
        }

        @Override
        public void wakeupWrites() {
            if (!wokenOnIoThread()) {
                next.wakeupWrites();
            }
        }

        /** After the hand-over, on a request thread: wakes writes on the I/O thread and returns true. */
        private boolean wokenOnIoThread() {
            if (!handedOver || Thread.currentThread() == next.getWriteThread()) {
                return false;
            }
            try {
                next.getWriteThread().execute(next::wakeupWrites);
            } catch (RejectedExecutionException stopping) {
                next.wakeupWrites(); // the I/O threads are shutting down and will not run it
            }
            return true;
        }

        private static boolean anyRemaining(ByteBuffer[] srcs, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                if (srcs[i].hasRemaining()) {
                    return true;
                }
            }
            return false;
        }
    }
}
