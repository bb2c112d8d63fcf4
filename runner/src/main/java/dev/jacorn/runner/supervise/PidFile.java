package dev.jacorn.runner.supervise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --pid FILE}: the process id, written at start-up and removed at exit. A file left by a
 * process that still runs is refused; a stale one is replaced.
 */
public final class PidFile implements AutoCloseable {

    private final Path file;
    private final long pid;

    private PidFile(Path file, long pid) {
        this.file = file;
        this.pid = pid;
    }

    /**
     * Writes this process's id to {@code file}.
     *
     * @throws IllegalStateException when the file names another running process
     * @throws UncheckedIOException when it cannot be written
     */
    public static PidFile write(Path file) {
        long pid = ProcessHandle.current().pid();
        Optional<Long> other = read(file).filter(p -> p != pid && ProcessHandle.of(p).map(ProcessHandle::isAlive)
                .orElse(false));
        if (other.isPresent()) {
            throw new IllegalStateException("The pid file in --pid " + file + " belongs to process " + other.get()
                    + ", which is still running; stop it or choose another --pid file.");
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Path temp = Files.createTempFile(parent, ".jacorn-pid", ".tmp");
            Files.writeString(temp, pid + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("The pid file in --pid " + file + " could not be written ("
                    + e.getMessage() + "); choose a writable path.", e);
        }
        return new PidFile(file, pid);
    }

    private static Optional<Long> read(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Removes the file if it still holds our pid. Harmless twice. */
    @Override
    public void close() {
        if (read(file).filter(p -> p == pid).isPresent()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Nothing to do at exit; a stale pid file is replaced at the next start.
            }
        }
    }
}
