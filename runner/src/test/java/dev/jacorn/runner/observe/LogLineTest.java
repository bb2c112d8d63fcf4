package dev.jacorn.runner.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The built-in log lines are the ones logback's pattern layout wrote before them, character for
 * character: operators' log parsers and tests read them.
 */
class LogLineTest {

    private final LoggerContext context = new LoggerContext();

    @Test
    void theErrorLogLineIsThePatternLayoutsLineWithItsStackTrace() {
        IllegalStateException failure = new IllegalStateException("worker could not boot",
                new IOException("WEB-INF/web.xml: unexpected end of file"));
        failure.addSuppressed(new IllegalArgumentException("and a suppressed one"));
        for (LoggingEvent event : new LoggingEvent[] {
            event(Level.INFO, "Booting worker {} ({}, {} threads)", null, 1, "hello", 16),
            event(Level.WARN, "a message with a % and a {} placeholder", null, "[value]"),
            event(Level.ERROR, "Worker failed to boot: {}", failure, "hello"),
        }) {
            assertEquals(pattern("[%d{yyyy-MM-dd HH:mm:ss Z}] [4242] [%level] %msg%n").doLayout(event),
                    start(LogLine.errorLog("4242")).doLayout(event));
        }
    }

    @Test
    void theAccessLogLineIsTheMessageAlone() {
        LoggingEvent event = event(Level.INFO, "127.0.0.1 - - [06/Dec/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 5",
                null);
        assertEquals(pattern("%msg%n").doLayout(event), start(LogLine.messageOnly()).doLayout(event));
    }

    @Test
    void linesOfTheSameSecondShareOneTimestampAndTheNextSecondGetsItsOwn() {
        LogLine line = start(LogLine.errorLog("1"));
        LoggingEvent first = event(Level.INFO, "first", null);
        LoggingEvent sameSecond = event(Level.INFO, "same second", null);
        sameSecond.setTimeStamp(first.getTimeStamp() - first.getTimeStamp() % 1000 + 999);
        LoggingEvent nextSecond = event(Level.INFO, "next second", null);
        nextSecond.setTimeStamp(first.getTimeStamp() - first.getTimeStamp() % 1000 + 1000);
        PatternLayout reference = pattern("[%d{yyyy-MM-dd HH:mm:ss Z}] [1] [%level] %msg%n");
        for (LoggingEvent event : new LoggingEvent[] {first, sameSecond, nextSecond, first}) {
            assertEquals(reference.doLayout(event), line.doLayout(event));
        }
    }

    private LoggingEvent event(Level level, String message, Throwable thrown, Object... arguments) {
        return new LoggingEvent("dev.jacorn.Test", context.getLogger("dev.jacorn.Test"), level, message, thrown,
                arguments);
    }

    private PatternLayout pattern(String pattern) {
        PatternLayout layout = new PatternLayout();
        layout.setContext(context);
        layout.setPattern(pattern);
        layout.start();
        return layout;
    }

    private LogLine start(LogLine line) {
        line.setContext(context);
        line.start();
        return line;
    }
}
