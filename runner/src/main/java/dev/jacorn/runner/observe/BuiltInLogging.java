package dev.jacorn.runner.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.List;
import java.util.function.Supplier;

/**
 * Jacorn's built-in logging, set up in code: the error log on stderr in Gunicorn's shape
 * ({@code [2026-11-28 10:00:00 +0000] [PID] [LEVEL] message}), INFO at the root, Undertow, XNIO and
 * the JBoss and WildFly libraries under them at WARN. {@link Logging} adjusts it from the settings.
 *
 * <p>Registered as logback's {@link Configurator} service so that the first logger needs no XML:
 * reading a {@code logback.xml} through Joran and the JDK's XML parser, twice, took about 0.2 s of a
 * 1.2 s start (class-load timeline), for five fixed lines of configuration.
 */
public final class BuiltInLogging extends ContextAwareBase implements Configurator {

    /** The error log's line ({@link LogLine}), also used by {@code --error-logfile}. */
    static final Supplier<LogLine> ERROR_LINE = () -> LogLine.errorLog(pid());
    static final String ERROR_APPENDER = "ERROR_LOG";
    /**
     * The libraries under Jacorn, whose INFO lines are not the operator's business; an
     * application's own (Weld, Hibernate) log at the root's level.
     */
    static final List<String> QUIET = List.of("io.undertow", "org.xnio", "org.jboss.threads", "org.jboss.logging",
            "org.jboss.metadata", "org.wildfly");

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        apply(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Replaces whatever the context holds by the built-in configuration. */
    static void apply(LoggerContext context) {
        context.reset();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console(context, ERROR_APPENDER, "System.err", ERROR_LINE));
        holdQuiet(context, Level.WARN);
    }

    /** Sets the {@link #QUIET} libraries to WARN, or to {@code level} when that is stricter. */
    static void holdQuiet(LoggerContext context, Level level) {
        Level quietLevel = level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN;
        for (String quiet : QUIET) {
            context.getLogger(quiet).setLevel(quietLevel);
        }
    }

    static ConsoleAppender<ILoggingEvent> console(LoggerContext context, String name, String stream,
            Supplier<LogLine> line) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setTarget(stream);
        console.setName(name);
        console.setContext(context);
        console.setEncoder(encoder(context, line.get()));
        console.start();
        return console;
    }

    static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context, LogLine line) {
        line.setContext(context);
        line.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(line);
        encoder.start();
        return encoder;
    }

    private static String pid() {
        return Long.toString(ProcessHandle.current().pid());
    }
}
