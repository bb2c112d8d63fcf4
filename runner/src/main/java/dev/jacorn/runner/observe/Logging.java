package dev.jacorn.runner.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import dev.jacorn.runner.config.Config;
import dev.jacorn.runner.config.SettingException;
import dev.jacorn.runner.config.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.LoggerFactory;

/**
 * Applies the logging settings to logback, once, from the composition root (or the config check)
 * before anything else logs: either the operator's {@code --log-config} XML, or the built-in
 * configuration ({@link BuiltInLogging}) adjusted by {@code --log-level} and {@code --error-logfile}; then the access
 * log's own logger ({@value #ACCESS_LOGGER}, not additive) when {@code --access-logfile} is set.
 * {@code java.util.logging}'s records go to the same error log ({@link JdkLogging}). Calling it
 * again rebuilds everything from scratch.
 */
public final class Logging {

    /** The logger the access log writes to, one line per request. */
    public static final String ACCESS_LOGGER = "jacorn.access";

    private Logging() {
    }

    /**
     * @return the log files that SIGUSR1 reopens
     * @throws SettingException when the {@code --log-config} file is not a logback configuration
     */
    public static LogFiles configure(Config config) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new LogFiles(List.of());
        }
        context.reset();
        List<FileAppender<ILoggingEvent>> files = new ArrayList<>();
        Path logConfig = config.get(Settings.LOG_CONFIG);
        if (logConfig != null) {
            applyOperatorConfig(context, config, logConfig);
        } else {
            applyBuiltInConfig(context, config, files);
        }
        String accessFile = config.get(Settings.ACCESS_LOGFILE);
        if (accessFile != null) {
            Logger access = context.getLogger(ACCESS_LOGGER);
            access.setAdditive(false);
            access.setLevel(Level.INFO);
            access.addAppender(appender(context, "ACCESS_LOG", accessFile, "System.out", LogLine::messageOnly,
                    AccessLogFile::new, files));
        }
        // Last: it copies the levels now set to JUL's loggers.
        JdkLogging.route(context);
        return new LogFiles(files);
    }

    private static void applyOperatorConfig(LoggerContext context, Config config, Path file) {
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        String problem = null;
        int before = context.getStatusManager().getCount();
        try {
            configurator.doConfigure(file.toFile());
        } catch (JoranException e) {
            problem = e.getMessage();
        }
        List<Status> statuses = context.getStatusManager().getCopyOfStatusList();
        for (Status status : statuses.subList(Math.min(before, statuses.size()), statuses.size())) {
            if (problem == null && status.getLevel() == Status.ERROR) {
                problem = status.getMessage();
            }
        }
        if (problem != null) {
            BuiltInLogging.apply(context);
            throw SettingException.invalid(Settings.LOG_CONFIG, config.sourceOf(Settings.LOG_CONFIG), file.toString(),
                    "logback cannot use it (" + problem + ")");
        }
    }

    private static void applyBuiltInConfig(LoggerContext context, Config config, List<FileAppender<ILoggingEvent>> files) {
        BuiltInLogging.apply(context);
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        String name = config.get(Settings.LOG_LEVEL);
        Level level = "warning".equals(name) ? Level.WARN : Level.toLevel(name, Level.INFO);
        root.setLevel(level);
        BuiltInLogging.holdQuiet(context, level);
        String errorFile = config.get(Settings.ERROR_LOGFILE);
        if (!"-".equals(errorFile)) {
            root.detachAppender(BuiltInLogging.ERROR_APPENDER);
            root.addAppender(appender(context, BuiltInLogging.ERROR_APPENDER, errorFile, "System.err",
                    BuiltInLogging.ERROR_LINE, FileAppender::new, files));
        }
    }

    /** @param newFile the kind of file appender, when {@code target} is a file */
    private static Appender<ILoggingEvent> appender(LoggerContext context, String name, String target,
            String stream, Supplier<LogLine> line, Supplier<FileAppender<ILoggingEvent>> newFile,
            List<FileAppender<ILoggingEvent>> files) {
        if ("-".equals(target)) {
            return BuiltInLogging.console(context, name, stream, line);
        }
        FileAppender<ILoggingEvent> file = newFile.get();
        file.setFile(target);
        file.setAppend(true);
        file.setName(name);
        file.setContext(context);
        file.setEncoder(BuiltInLogging.encoder(context, line.get()));
        file.start();
        files.add(file);
        return file;
    }
}
