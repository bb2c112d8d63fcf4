package dev.jacorn.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexReader;
import org.jboss.jandex.IndexWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jandex indexes of jars, kept on disk in the work directory: indexing a large WAR (Spring Boot:
 * tens of thousands of classes) takes seconds, reading a kept index back a fraction of that. A jar
 * unpacked from a WAR is known by its name and the size and CRC-32 of its bytes (recorded when it
 * was unpacked), so the unchanged jars of a new WAR version, unpacked to a new directory, are read
 * back; any other jar by its absolute path, size and modification time. The Jandex version is part
 * of every key: a changed jar or a new Jacorn is indexed afresh. A cache file that cannot be read
 * is ignored and rewritten. Thread-safe: each file is written to a temporary name and moved into
 * place.
 */
final class IndexCache {

    private static final Logger LOG = LoggerFactory.getLogger(IndexCache.class);
    private static final Duration UNUSED_FOR = Duration.ofDays(7);

    /** How to index a jar when its index is not kept yet. */
    interface JarIndexer {
        Index index(Path jar) throws IOException;
    }

    private IndexCache() {
    }

    /** A jar's index, and whether it was made now (the cache did not have it). */
    record Lookup(Index index, boolean made) {
    }

    /** @param content the jar's size and CRC-32 when known (unpacked from a WAR), else null */
    static Lookup get(Path cacheDir, Path jar, String content, JarIndexer indexer) throws IOException {
        Path file = cacheDir.resolve(key(jar, content) + ".idx");
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                Index kept = new IndexReader(in).read();
                // The modification time says when the index was last used, for prune().
                Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
                return new Lookup(kept, false);
            } catch (IOException | RuntimeException unreadable) {
                LOG.debug("Ignoring unreadable index cache {}: {}", file, unreadable.toString());
            }
        }
        Index index = indexer.index(jar);
        try {
            Files.createDirectories(cacheDir);
            Path temp = Files.createTempFile(cacheDir, "index-", ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                new IndexWriter(out).write(index);
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException notWritable) {
            // A read-only work directory only costs the next start the indexing time.
            LOG.debug("Index cache {} not written: {}", file, notWritable.toString());
        }
        return new Lookup(index, true);
    }

    /**
     * Deletes the kept indexes not used for {@link #UNUSED_FOR}: each changed WAR is unpacked
     * afresh, so the indexes of its old jars would otherwise pile up. Failures are ignored. Only
     * worth running after indexes were added: it reads the date of every file kept (thousands,
     * tens of milliseconds, after a few weeks of deployments).
     */
    static void prune(Path cacheDir) {
        Instant oldest = Instant.now().minus(UNUSED_FOR);
        try (Stream<Path> files = Files.list(cacheDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".idx")).toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(oldest)) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Index cache {} not pruned: {}", cacheDir, e.toString());
        }
    }

    private static String key(Path jar, String content) throws IOException {
        String identity;
        if (content != null) {
            identity = jar.getFileName() + "|" + content;
        } else {
            BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
            identity = jar.toAbsolutePath().normalize() + "|" + attributes.size() + "|"
                    + attributes.lastModifiedTime().toMillis();
        }
        identity += "|" + Index.class.getPackage().getImplementationVersion();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return jar.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                    + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
