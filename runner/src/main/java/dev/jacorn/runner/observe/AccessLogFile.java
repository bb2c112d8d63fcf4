package dev.jacorn.runner.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The access log's file, written through a 64 KiB buffer rather than with one {@code write} per
 * request: each line is appended whole to the buffer under the appender's lock, and the buffer
 * reaches the file when it is full, when {@link #flush()} is called (every second by
 * {@link LogFiles}), on SIGUSR1's reopen and at stop. As Tomcat's buffered access log and nginx's
 * {@code access_log ... buffer= flush=}; the error log stays written line by line.
 */
final class AccessLogFile extends FileAppender<ILoggingEvent> {

    static final int BUFFER_BYTES = 64 * 1024;

    @Override
    public void start() {
        setImmediateFlush(false);
        setBufferSize(new FileSize(BUFFER_BYTES));
        super.start();
    }

    /** Writes what the buffer holds to the file. Any thread; a failure is left to logback's recovery. */
    void flush() {
        streamWriteLock.lock();
        try {
            OutputStream out = getOutputStream();
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            addError("Could not flush the access log " + getFile(), e);
        } finally {
            streamWriteLock.unlock();
        }
    }
}
