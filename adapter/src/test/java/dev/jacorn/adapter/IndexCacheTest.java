package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Indexer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A jar is indexed once; its kept index is read back until the jar changes. */
class IndexCacheTest {

    @TempDir
    Path dir;

    @Test
    void anUnchangedJarIsReadFromTheCacheAndAChangedOneIsIndexedAgain() throws IOException {
        Path jar = jar("lib.jar");
        AtomicInteger indexed = new AtomicInteger();
        IndexCache.JarIndexer counting = file -> {
            indexed.incrementAndGet();
            Indexer indexer = new Indexer();
            indexer.indexClass(PasswordHash.class);
            return indexer.complete();
        };
        Path cache = dir.resolve("index-cache");
        assertTrue(IndexCache.get(cache, jar, counting).made());
        IndexCache.Lookup again = IndexCache.get(cache, jar, counting);
        assertFalse(again.made());
        assertEquals(1, indexed.get());
        assertNotNull(again.index().getClassByName(DotName.createSimple(PasswordHash.class.getName())));

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        assertTrue(IndexCache.get(cache, jar, counting).made());
        assertEquals(2, indexed.get());
    }

    /** Listing a cache of thousands of kept indexes costs a start tens of milliseconds: only a start that added one pays it. */
    @Test
    void theCacheIsPrunedOnlyByAStartThatAddedIndexesToIt() throws IOException {
        Path cache = Files.createDirectories(dir.resolve("index-cache"));
        Path stale = Files.writeString(cache.resolve("old.jar-0123.idx"), "x");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(8))));
        Path jar = jar("lib.jar");
        ClassIndex.of(List.of(jar), cache);
        assertFalse(Files.exists(stale), "the first start indexed the jar, then pruned");

        Files.writeString(stale, "x");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(8))));
        ClassIndex index = ClassIndex.of(List.of(jar), cache);
        assertTrue(Files.exists(stale), "every index came from the cache: nothing was listed");
        assertNotNull(index.all().getClassByName(DotName.createSimple(PasswordHash.class.getName())));
    }

    private Path jar(String name) throws IOException {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("dev/jacorn/adapter/PasswordHash.class"));
            try (InputStream in = PasswordHash.class.getResourceAsStream("PasswordHash.class")) {
                in.transferTo(zip);
            }
        }
        return jar;
    }

    @Test
    void indexesUnusedForAWeekArePruned() throws IOException {
        Path cache = Files.createDirectories(dir.resolve("index-cache"));
        Path stale = Files.writeString(cache.resolve("old.jar-0123.idx"), "x");
        Path fresh = Files.writeString(cache.resolve("new.jar-4567.idx"), "x");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(8))));
        IndexCache.prune(cache);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh));
    }
}
