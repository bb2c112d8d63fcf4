package dev.jacorn.runner.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log files Jacorn writes (the error log and the access log, when they are files), for
 * {@link #reopen()} after logrotate moved them (called from the SIGUSR1 handler thread), and the
 * buffered access log's flush every {@value #FLUSH_MILLIS} ms from {@link #startFlushing()} until
 * {@link #close()}.
 */
public final class LogFiles implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogFiles.class);
    /** The longest a line waits in the access log's buffer while requests are few. */
    static final long FLUSH_MILLIS = 1000;

    private final List<FileAppender<ILoggingEvent>> appenders;
    private final List<AccessLogFile> buffered;
    private final Thread flusher;
    /** Flushes once more if the JVM exits without {@link #close()} (an application's {@code System.exit}). */
    private final Thread atExit;
    private volatile boolean closed;

    LogFiles(List<FileAppender<ILoggingEvent>> appenders) {
        this.appenders = List.copyOf(appenders);
        this.buffered = appenders.stream().filter(AccessLogFile.class::isInstance).map(AccessLogFile.class::cast)
                .toList();
        this.flusher = new Thread(this::flushEverySecond, "jacorn-access-log-flush");
        this.flusher.setDaemon(true);
        this.atExit = new Thread(this::flush, "jacorn-access-log-flush-at-exit");
    }

    /** Flushes the buffered access log every {@value #FLUSH_MILLIS} ms from now on; nothing when it is not a file. */
    public void startFlushing() {
        if (!buffered.isEmpty()) {
            flusher.start();
            Runtime.getRuntime().addShutdownHook(atExit);
        }
    }

    private void flushEverySecond() {
        while (!closed) {
            try {
                Thread.sleep(FLUSH_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            flush();
        }
    }

    /** Writes the access log's buffered lines to its file. Any thread. */
    public void flush() {
        for (AccessLogFile file : buffered) {
            file.flush();
        }
    }

    /** Stops the periodic flush and flushes once more: the last lines reach the file. */
    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
        flush();
        try {
            Runtime.getRuntime().removeShutdownHook(atExit);
        } catch (IllegalStateException exiting) {
            // The JVM is already exiting: the hook flushes once more, harmlessly.
        }
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
