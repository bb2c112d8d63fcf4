package dev.jacorn.runner.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Arrays;
import java.util.List;
import java.util.logging.ConsoleHandler;
import java.util.logging.LogManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

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
    void theAccessLogFileIsBufferedUntilAFlushAndTheErrorLogIsNot() throws IOException {
        Path access = dir.resolve("access.log");
        Path error = dir.resolve("error.log");
        LogFiles files = Logging.configure(config(Settings.ACCESS_LOGFILE, access.toString(),
                Settings.ERROR_LOGFILE, error.toString()));
        org.slf4j.Logger accessLog = LoggerFactory.getLogger(Logging.ACCESS_LOGGER);
        for (int i = 0; i < 3; i++) {
            accessLog.info("request {}", i);
        }
        LoggerFactory.getLogger("dev.jacorn.test").warn("written at once");
        assertEquals(List.of(), Files.readAllLines(access), "held in the buffer");
        assertTrue(Files.readString(error).contains("written at once"));
        files.flush();
        assertEquals(List.of("request 0", "request 1", "request 2"), Files.readAllLines(access));
        // A full buffer is written without waiting for the flush: whole lines, in order.
        String padding = "x".repeat(100);
        int many = 2 * AccessLogFile.BUFFER_BYTES / padding.length();
        for (int i = 0; i < many; i++) {
            accessLog.info("{} {}", i, padding);
        }
        List<String> written = Files.readAllLines(access);
        assertTrue(written.size() > 3 && written.size() < 3 + many, written.size() + " lines");
        for (int i = 3; i < written.size(); i++) {
            assertEquals((i - 3) + " " + padding, written.get(i));
        }
        accessLog.info("the last one");
        files.close();
        List<String> all = Files.readAllLines(access);
        assertEquals(3 + many + 1, all.size());
        assertEquals("the last one", all.get(all.size() - 1));
    }

    @Test
    void logLevelErrorHoldsTheQuietLibrariesAtErrorToo() throws IOException {
        Path file = dir.resolve("error.log");
        Logging.configure(config(Settings.LOG_LEVEL, "error", Settings.ERROR_LOGFILE, file.toString()));
        org.slf4j.Logger undertow = LoggerFactory.getLogger("io.undertow.request");
        undertow.warn("UT005071: Undertow request failed");
        undertow.error("UT005023: Exception handling request");
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith("[ERROR] UT005023: Exception handling request"), lines.get(0));
    }

    @Test
    void javaUtilLoggingRecordsGoToTheErrorLogAtItsLevel() throws IOException {
        Path file = dir.resolve("error.log");
        Logging.configure(config(Settings.LOG_LEVEL, "warning", Settings.ERROR_LOGFILE, file.toString()));
        java.util.logging.Logger framework = java.util.logging.Logger.getLogger("org.example.framework");
        assertFalse(framework.isLoggable(java.util.logging.Level.INFO), "JUL drops what the error log would drop");
        framework.info("Initialize the container");
        framework.log(java.util.logging.Level.WARNING, "Falling back to {0}", "reflection");
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\[[^]]+\\] \\[\\d+\\] \\[WARN\\] Falling back to reflection"), lines.get(0));
        assertEquals(List.of(), Arrays.stream(LogManager.getLogManager().getLogger("").getHandlers())
                .filter(ConsoleHandler.class::isInstance).toList(), "the JDK's console handler is gone");

        // The levels of a later configuration reach JUL too.
        Logging.configure(config(Settings.LOG_LEVEL, "debug", Settings.ERROR_LOGFILE, file.toString()));
        framework.fine("Scanning 3 classes");
        assertEquals("[DEBUG] Scanning 3 classes", Files.readAllLines(file).get(1).replaceFirst("^\\[[^]]+\\] \\[\\d+\\] ", ""));
    }

    @Test
    void aJvmGivenItsOwnJavaUtilLoggingConfigurationKeepsIt() {
        SLF4JBridgeHandler.uninstall();
        System.setProperty("java.util.logging.config.file", dir.resolve("logging.properties").toString());
        try {
            Logging.configure(config());
            assertFalse(SLF4JBridgeHandler.isInstalled());
        } finally {
            System.clearProperty("java.util.logging.config.file");
        }
        Logging.configure(config());
        assertTrue(SLF4JBridgeHandler.isInstalled());
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
