package dev.jacorn.runner.supervise;

import dev.jacorn.runner.lifecycle.AbstractLifeCycle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --reload}: watches the applications on disk (a WAR file, an exploded directory, the
 * entries of a classpath) and asks for a reload when they change, debounced: a change is acted on
 * once the files have stopped changing for one whole poll interval, so a WAR still being copied
 * is not deployed half-written.
 *
 * <p>Polls (size, modification time and number of files) rather than using a
 * {@code WatchService}, which misses changes on some file systems and when a file is replaced
 * by a rename. Runs on its daemon thread {@code jacorn-reload-watcher}, from {@link #start} to
 * {@link #stop}; it only enqueues.
 */
public final class AppWatcher extends AbstractLifeCycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AppWatcher.class);

    private final List<Path> paths;
    private final Duration interval;
    private final Runnable reload;
    private final Thread thread;
    private volatile boolean closed;
    private String deployed;
    private String last;

    public AppWatcher(List<Path> paths, Duration interval, Runnable reload) {
        this.paths = List.copyOf(paths);
        this.interval = interval;
        this.reload = reload;
        this.thread = new Thread(this::watch, "jacorn-reload-watcher");
        this.thread.setDaemon(true);
    }

    @Override
    protected void doStart() {
        LOG.info("Watching {} for changes (--reload)", paths);
        deployed = fingerprint();
        last = deployed;
        thread.start();
    }

    private void watch() {
        while (!closed) {
            Pause.millis(interval.toMillis());
            if (settledChange()) {
                LOG.info("Reloading: the application changed on disk");
                reload.run();
            }
        }
    }

    /**
     * One poll: whether the files differ from what was last deployed and have not changed since
     * the previous poll (the debounce). Watcher thread only (or a test, without {@link #start}).
     */
    boolean settledChange() {
        String now = fingerprint();
        boolean settled = !now.equals(deployed) && now.equals(last);
        if (settled) {
            deployed = now;
        }
        last = now;
        return settled;
    }

    /** Takes the files as they are now as the deployed state, without starting the thread. */
    void baseline() {
        deployed = fingerprint();
        last = deployed;
    }

    /** Size, time and count of every watched file; a missing path is part of the fingerprint too. */
    String fingerprint() {
        StringBuilder print = new StringBuilder();
        for (Path path : paths) {
            print.append(path).append('=');
            if (!Files.exists(path)) {
                print.append("missing;");
                continue;
            }
            try (Stream<Path> files = Files.walk(path)) {
                long[] sum = new long[4];
                files.filter(Files::isRegularFile).forEach(file -> {
                    BasicFileAttributes attributes = attributes(file);
                    if (attributes != null) {
                        sum[0]++;
                        sum[1] += attributes.size();
                        sum[2] = Math.max(sum[2], attributes.lastModifiedTime().toMillis());
                        sum[3] += Objects.hashCode(file.toString());
                    }
                });
                print.append(sum[0]).append(',').append(sum[1]).append(',').append(sum[2]).append(',').append(sum[3]).append(';');
            } catch (IOException | UncheckedIOException e) {
                print.append("unreadable;");
            }
        }
        return print.toString();
    }

    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    protected void doStop() {
        closed = true;
        thread.interrupt();
    }

    /** Same as {@link #stop}. */
    @Override
    public void close() {
        stop();
    }
}
