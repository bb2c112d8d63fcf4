package dev.jacorn.runner.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The built-in log lines, written without logback's pattern machinery: the error log's
 * {@code [2026-11-28 10:00:00 +0000] [PID] [LEVEL] message}, then the stack of an exception as
 * logback prints it, and the access log's bare message. Logback's {@code PatternLayout} builds a
 * map of some sixty converters when its class first loads and then parses the pattern, about
 * 0.1 s of every start for two fixed formats; an operator's {@code --log-config} still gets it.
 */
final class LogLine extends LayoutBase<ILoggingEvent> {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z").withZone(ZoneId.systemDefault());

    /** The last second formatted, shared by every thread: one formatting per second of logs. */
    private record Second(long epochSecond, String text) {
    }

    private final String pid;
    private volatile Second last = new Second(Long.MIN_VALUE, "");

    /** @param pid the process id on every line, or null for the bare message (the access log) */
    private LogLine(String pid) {
        this.pid = pid;
    }

    static LogLine errorLog(String pid) {
        return new LogLine(pid);
    }

    static LogLine messageOnly() {
        return new LogLine(null);
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(128);
        if (pid != null) {
            line.append('[').append(timestamp(event.getTimeStamp())).append("] [").append(pid).append("] [")
                    .append(event.getLevel()).append("] ");
        }
        line.append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown));
        }
        return line.toString();
    }

    private String timestamp(long millis) {
        long second = Math.floorDiv(millis, 1000);
        Second cached = last;
        if (cached.epochSecond() != second) {
            cached = new Second(second, TIMESTAMP.format(Instant.ofEpochSecond(second)));
            last = cached;
        }
        return cached.text();
    }
}
