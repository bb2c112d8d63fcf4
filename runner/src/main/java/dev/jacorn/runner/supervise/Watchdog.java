package dev.jacorn.runner.supervise;

import dev.jacorn.runner.lifecycle.AbstractLifeCycle;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every request a worker thread is running. One past {@code --timeout} is logged as
 * {@code WORKER TIMEOUT} with the worker, the request line and the full stack of its thread, and
 * the thread is interrupted. If the thread has not answered a second later and nothing was
 * committed, the watchdog answers {@code 503} itself (and closes the connection). If a timed-out
 * thread has still not returned {@code --graceful-timeout} after its timeout, the worker is
 * marked stuck and the arbiter replaces it.
 *
 * <p>A request in async mode has no thread while it waits, so it is not timed here: its own
 * {@code AsyncContext} timeout applies.
 *
 * <p>Runs on its own daemon thread, {@code jacorn-watchdog}, which only reads the worker list
 * and never changes it: {@link #start} starts it, {@link #stop} ends it. {@link #check} is one
 * look at a given time, for tests.
 */
final class Watchdog extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);
    private static final long CHECK_MILLIS = 200;
    private static final long ANSWER_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Supplier<List<Worker>> workers;
    private final Supplier<WorkerOptions> settings;
    private final SupervisorEvents events;
    private final Thread thread;
    private volatile boolean closed;

    Watchdog(Supplier<List<Worker>> workers, Supplier<WorkerOptions> settings, SupervisorEvents events) {
        this.workers = workers;
        this.settings = settings;
        this.events = events;
        this.thread = new Thread(this::watch, "jacorn-watchdog");
        this.thread.setDaemon(true);
    }

    @Override
    protected void doStart() {
        thread.start();
    }

    private void watch() {
        while (!closed) {
            Pause.millis(CHECK_MILLIS);
            try {
                check(System.nanoTime());
            } catch (RuntimeException e) {
                LOG.warn("The watchdog's check failed: {}", e.toString(), e);
            }
        }
    }

    /** One look at every request in flight. */
    void check(long now) {
        WorkerOptions current = settings.get();
        Duration timeout = current.timeout();
        if (timeout.isZero()) {
            return;
        }
        for (Worker worker : workers.get()) {
            for (RequestInFlight request : worker.requests()) {
                if (now - request.startNanos() > timeout.toNanos()) {
                    timeOut(worker, request, now, timeout);
                }
                long timedOutAt = request.timedOutAtNanos();
                if (timedOutAt != 0 && request.thread() != null) {
                    if (now - timedOutAt > ANSWER_AFTER_NANOS && !request.isCompleted()) {
                        answerUnavailable(request.exchange(), IoCallback.END_EXCHANGE, () -> { });
                    }
                    if (now - timedOutAt > current.gracefulTimeout().toNanos() && !worker.isStuck()) {
                        LOG.error("Worker {} is stuck: the thread running {} did not return within --graceful-timeout"
                                + " {} s after its timeout; replacing the worker", worker.id(), request.requestLine(),
                                current.gracefulTimeout().toSeconds());
                        worker.markStuck();
                    }
                }
            }
        }
    }

    private void timeOut(Worker worker, RequestInFlight request, long now, Duration timeout) {
        String stack = request.timeOut(now);
        if (stack == null) {
            return;
        }
        LOG.error("WORKER TIMEOUT (worker {}, {}): {} ran longer than --timeout {} s; interrupting its {}",
                worker.id(), worker.application().name(), request.requestLine(), seconds(timeout), stack);
        events.requestTimedOut(worker);
        answerThenInterrupt(request);
    }

    /**
     * The client gets its 503 before the thread is interrupted, unless the application has started
     * its response: an interrupted thread cannot be trusted to write one (over HTTP/2 its blocking
     * write fails on the interrupt and the stream is reset instead).
     */
    private static void answerThenInterrupt(RequestInFlight request) {
        IoCallback thenInterrupt = new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange done, Sender sender) {
                IoCallback.END_EXCHANGE.onComplete(done, sender);
                request.interrupt();
            }

            @Override
            public void onException(HttpServerExchange failed, Sender sender, IOException e) {
                IoCallback.END_EXCHANGE.onException(failed, sender, e);
                request.interrupt();
            }
        };
        answerUnavailable(request.exchange(), thenInterrupt, request::interrupt);
    }

    /**
     * Answers 503 unless the application has committed a response, then runs {@code then}'s
     * callbacks; runs {@code notSent} when no answer was sent. Sent from an XNIO task thread so a
     * slow client cannot block the watchdog; if the application writes at the same moment, its
     * write fails instead. Used at the timeout, and again a second later for a request still
     * unanswered.
     */
    private static void answerUnavailable(HttpServerExchange exchange, IoCallback then, Runnable notSent) {
        if (exchange.isResponseStarted() || exchange.isComplete()) {
            notSent.run();
            return;
        }
        try {
            exchange.getConnection().getWorker().execute(() -> {
                if (!sendUnavailable(exchange, then)) {
                    notSent.run();
                }
            });
        } catch (RuntimeException e) {
            notSent.run();
        }
    }

    /** Sends the 503 unless a response has started; returns whether it was sent. On an XNIO thread. */
    private static boolean sendUnavailable(HttpServerExchange exchange, IoCallback then) {
        try {
            if (exchange.isResponseStarted() || exchange.isComplete()) {
                return false;
            }
            exchange.setStatusCode(StatusCodes.SERVICE_UNAVAILABLE);
            exchange.setPersistent(false);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=UTF-8");
            exchange.getResponseSender().send("Service Unavailable\n", then);
            return true;
        } catch (RuntimeException e) {
            LOG.debug("Answering 503 to a timed-out request failed: {}", e.toString());
            return false;
        }
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : String.valueOf(millis / 1000.0);
    }

    @Override
    protected void doStop() {
        closed = true;
        thread.interrupt();
    }
}
