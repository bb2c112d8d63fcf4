package dev.jacorn.runner.supervise;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.concurrent.TimeUnit;

/**
 * One request a worker is serving: its request line, since when, and the worker thread running
 * it while one does. A request in async mode ({@code startAsync}) has no thread between its
 * dispatches, so the watchdog does not hold it against the worker.
 *
 * <p>It lives until both the exchange has completed and no thread runs it any more: a request
 * the watchdog answered may still hold its thread, and a stuck thread is what makes a worker
 * stuck. Written by I/O threads, the worker's threads and the watchdog; all fields are guarded by
 * {@code this}.
 */
final class RequestInFlight {

    private final HttpServerExchange exchange;
    private final HttpString method;
    private final String uri;
    private final String query;
    private final HttpString protocol;
    private final long startNanos;
    private Thread thread;
    private boolean completed;
    private long timedOutAtNanos;

    RequestInFlight(HttpServerExchange exchange, long startNanos) {
        this.exchange = exchange;
        // The parts as they arrived (a forward rewrites the exchange's URI); joined only when logged.
        this.method = exchange.getRequestMethod();
        this.uri = exchange.getRequestURI();
        this.query = exchange.getQueryString();
        this.protocol = exchange.getProtocol();
        this.startNanos = startNanos;
    }

    HttpServerExchange exchange() {
        return exchange;
    }

    String requestLine() {
        return method + " " + uri + (query == null || query.isEmpty() ? "" : "?" + query) + " " + protocol;
    }

    long startNanos() {
        return startNanos;
    }

    double secondsRunning(long now) {
        return (now - startNanos) / (double) TimeUnit.SECONDS.toNanos(1);
    }

    synchronized void runOn(Thread running) {
        thread = running;
    }

    /** The thread left the request; returns whether the request is finished for good. */
    synchronized boolean threadReturned() {
        thread = null;
        return completed;
    }

    /** The exchange completed; returns whether the request is finished for good. */
    synchronized boolean exchangeCompleted() {
        completed = true;
        return thread == null;
    }

    synchronized Thread thread() {
        return thread;
    }

    synchronized boolean isCompleted() {
        return completed;
    }

    /**
     * Marks the request timed out (once) and takes the stack of the thread running it. Under the
     * lock, so the thread cannot move on to another request meanwhile; {@link #interrupt} follows.
     *
     * @return the thread's name and stack, or {@code null} when no thread runs the request or it
     *     was already timed out
     */
    synchronized String timeOut(long now) {
        if (timedOutAtNanos != 0 || thread == null) {
            return null;
        }
        timedOutAtNanos = now;
        StringBuilder stack = new StringBuilder("thread \"").append(thread.getName()).append('"');
        for (StackTraceElement frame : thread.getStackTrace()) {
            stack.append(System.lineSeparator()).append("\tat ").append(frame);
        }
        return stack.toString();
    }

    /** Interrupts the thread running this request, if one still does. */
    synchronized void interrupt() {
        if (thread != null) {
            thread.interrupt();
        }
    }

    synchronized long timedOutAtNanos() {
        return timedOutAtNanos;
    }
}
