package dev.jacorn.runner.supervise;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Keeps one {@code WORKER TIMEOUT} entry per stuck request: once the watchdog has logged a
 * request's stack, answered 503 and interrupted its thread, what Undertow logs on that thread for
 * that request (typically {@code UT010019: Response already commited} with a second stack, when the
 * application answers the interrupt with an error page the 503 already took the place of) is
 * dropped. Events below INFO, of other loggers, and of other requests, pass.
 *
 * <p>{@link Worker} marks which request its thread runs; logback calls {@link #decide} on the
 * thread that logs.
 */
final class QuietAfterTimeout extends TurboFilter {

    private static final ThreadLocal<RequestInFlight> RUNNING = new ThreadLocal<>();

    static void running(RequestInFlight request) {
        RUNNING.set(request);
    }

    static void returned() {
        RUNNING.set(null); // not remove(): the thread's map entry is kept for its next request, no allocation
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        // Logback asks every turbo filter on every level check, even for a disabled DEBUG line
        // (Undertow makes several per request): answer those without looking further.
        if (level == null || !level.isGreaterOrEqual(Level.INFO) || logger == null
                || !logger.getName().startsWith("io.undertow")) {
            return FilterReply.NEUTRAL;
        }
        RequestInFlight request = RUNNING.get();
        return request != null && request.timedOutAtNanos() != 0 ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
