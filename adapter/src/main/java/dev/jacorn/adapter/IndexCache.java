package dev.jacorn.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexReader;
import org.jboss.jandex.IndexWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jandex indexes of jars, kept on disk in the work directory: indexing a large WAR (Spring Boot:
 * tens of thousands of classes) takes seconds, reading a kept index back a fraction of that. The
 * key is the jar's absolute path, size and modification time, plus the Jandex version, so a
 * changed jar or a new Jacorn is indexed afresh. A cache file that cannot be read is ignored and
 * rewritten. Thread-safe: each file is written to a temporary name and moved into place.
 */
final class IndexCache {

    private static final Logger LOG = LoggerFactory.getLogger(IndexCache.class);

    /** How to index a jar when its index is not kept yet. */
    interface JarIndexer {
        Index index(Path jar) throws IOException;
    }

    private IndexCache() {
    }

    static Index get(Path cacheDir, Path jar, JarIndexer indexer) throws IOException {
        Path file = cacheDir.resolve(key(jar) + ".idx");
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                return new IndexReader(in).read();
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
        return index;
    }

    private static String key(Path jar) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
        String identity = jar.toAbsolutePath().normalize() + "|" + attributes.size() + "|"
                + attributes.lastModifiedTime().toMillis() + "|" + Index.class.getPackage().getImplementationVersion();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return jar.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                    + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
