package dev.jacorn.runner.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jacorn.runner.config.Config;
import dev.jacorn.runner.config.ConfigResolver;
import dev.jacorn.runner.config.RawValue;
import dev.jacorn.runner.config.Setting;
import dev.jacorn.runner.config.SettingSource;
import dev.jacorn.runner.config.Settings;
import io.undertow.server.HttpHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The logging settings applied to logback in this JVM (restored to the built-in configuration after each test). */
class LoggingTest {

    @TempDir
    Path dir;

    static Config config(Object... settingsAndValues) {
        List<RawValue> layer = new ArrayList<>();
        for (int i = 0; i < settingsAndValues.length; i += 2) {
            Setting<?> setting = (Setting<?>) settingsAndValues[i];
            layer.add(new RawValue(setting, (String) settingsAndValues[i + 1],
                    new SettingSource(SettingSource.Kind.COMMAND_LINE, setting.flag())));
        }
        return ConfigResolver.resolve(List.of(), List.of(layer));
    }

    @AfterEach
    void restoreTheBuiltInConfiguration() {
        Logging.configure(config());
    }

    @Test
    void logLevelAndErrorLogfileShapeTheBuiltInErrorLog() throws IOException {
        Path file = dir.resolve("error.log");
        LogFiles files = Logging.configure(config(Settings.LOG_LEVEL, "warning", Settings.ERROR_LOGFILE, file.toString()));
        assertEquals(List.of(file.toString()), files.paths());
        org.slf4j.Logger log = LoggerFactory.getLogger("dev.jacorn.test");
        log.info("not at warning");
        log.warn("the disk is full");
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\\] \\[\\d+\\] \\[WARN\\]"
                + " the disk is full"), lines.get(0));
    }

    @Test
    void logConfigReplacesTheBuiltInConfiguration() throws IOException {
        Path out = dir.resolve("custom.log");
        Path xml = Files.writeString(dir.resolve("logback.xml"), "<configuration><appender name=\"F\""
                + " class=\"ch.qos.logback.core.FileAppender\"><file>" + out + "</file><encoder><pattern>CUSTOM %level"
                + " %msg%n</pattern></encoder></appender><root level=\"DEBUG\"><appender-ref ref=\"F\"/></root>"
                + "</configuration>");
        Logging.configure(config(Settings.LOG_CONFIG, xml.toString(), Settings.LOG_LEVEL, "error"));
        LoggerFactory.getLogger("dev.jacorn.test").debug("from the operator's file");
        assertEquals(List.of("CUSTOM DEBUG from the operator's file"), Files.readAllLines(out));
    }

    @Test
    void aSignalTheJvmRefusesIsAWarningNotAFailure() {
        Logging.configure(config());
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        ((Logger) LoggerFactory.getLogger(LogReopener.class)).addAppender(events);
        LogReopener.install(new LogFiles(List.of()), "SEGV");
        assertEquals(1, events.list.size());
        assertTrue(events.list.get(0).getFormattedMessage().startsWith("SIGSEGV cannot be handled by this JVM ("),
                events.list.get(0).getFormattedMessage());
    }

    @Test
    void withoutMetricsOrAccessLogRequestsAreNotObserved() {
        HttpHandler router = exchange -> { };
        try (Telemetry telemetry = Telemetry.start(config())) {
            assertSame(router, telemetry.observe(router));
            assertEquals(null, telemetry.registry(), "no meters, so the supervisor reports to nothing");
            assertEquals(null, telemetry.prometheus());
        }
        try (Telemetry telemetry = Telemetry.start(config(Settings.ADMIN_BIND, "127.0.0.1:0"))) {
            assertTrue(telemetry.observe(router) instanceof RequestObserver);
            assertTrue(telemetry.prometheus().scrape().contains("jacorn_requests_total"));
        }
    }
}
