package dev.jacorn.runner.observe;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the logging settings to logback. Called once, from the composition root, at start-up. */
public final class Logging {

    private Logging() {
    }

    /** Sets the root level from {@code --log-level} ({@code warning} is logback's WARN). */
    public static void apply(String level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            Level logback = "warning".equals(level) ? Level.WARN : Level.toLevel(level, Level.INFO);
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(logback);
        }
    }
}
