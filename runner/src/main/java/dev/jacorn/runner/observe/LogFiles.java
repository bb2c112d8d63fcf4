package dev.jacorn.runner.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log files Jacorn writes (the error log and the access log, when they are files), for
 * {@link #reopen()} after logrotate moved them. Called from the SIGUSR1 handler thread.
 */
public final class LogFiles {

    private static final Logger LOG = LoggerFactory.getLogger(LogFiles.class);

    private final List<FileAppender<ILoggingEvent>> appenders;

    LogFiles(List<FileAppender<ILoggingEvent>> appenders) {
        this.appenders = List.copyOf(appenders);
    }

    /**
     * Closes each file and opens its path again (creating it when it was moved away). Logback
     * swaps the stream under its write lock, so no line is lost or split. A file that cannot be
     * reopened is logged and skipped.
     */
    public void reopen() {
        int reopened = 0;
        for (FileAppender<ILoggingEvent> appender : appenders) {
            try {
                appender.openFile(appender.getFile());
                reopened++;
            } catch (IOException e) {
                LOG.error("Could not reopen the log file {}: {}", appender.getFile(), e.toString());
            }
        }
        LOG.info("Reopened {} log file(s)", reopened);
    }

    public List<String> paths() {
        return appenders.stream().map(FileAppender::getFile).toList();
    }
}
