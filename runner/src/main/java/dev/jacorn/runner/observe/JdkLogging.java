package dev.jacorn.runner.observe;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends the records of {@code java.util.logging} to the error log. Weld, Jersey, Jakarta Faces,
 * Hibernate Validator's bootstrap and Spring's default commons-logging all log there; left to the
 * JDK, their records went to stderr in JUL's two-line format, past {@code --error-logfile} and
 * {@code --log-level}. As Tomcat sends them to its own log, Jacorn replaces the JDK's default
 * console handler on JUL's root logger by SLF4J's bridge, and keeps JUL's levels equal to
 * logback's, so a record below the error log's level costs JUL a level check and nothing more.
 *
 * <p>JUL is one per JVM, shared by every worker. A JVM started with its own JUL configuration
 * ({@code -Djava.util.logging.config.file} or {@code .class}) keeps it untouched.
 */
final class JdkLogging {

    private JdkLogging() {
    }

    /**
     * Routes JUL into {@code context}, once its loggers have their levels: called at the end of
     * every (re)configuration, as a reset of the context drops the listener that copies them.
     */
    static void route(LoggerContext context) {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        if (context.getCopyOfListenerList().stream().noneMatch(LevelChangePropagator.class::isInstance)) {
            LevelChangePropagator levels = new LevelChangePropagator();
            levels.setContext(context);
            // Levels an application set on its own JUL loggers stay as they are.
            levels.setResetJUL(false);
            levels.start();
            context.addListener(levels);
        }
        if (!SLF4JBridgeHandler.isInstalled()) {
            java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
            for (Handler handler : root.getHandlers()) {
                if (handler.getClass() == ConsoleHandler.class) {
                    root.removeHandler(handler);
                }
            }
            SLF4JBridgeHandler.install();
        }
    }
}
