package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Indexer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A jar is indexed once; its kept index is read back until the jar changes, wherever a new WAR version unpacks it. */
class IndexCacheTest {

    private static final long FIXED_ENTRY_TIME = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

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
        assertTrue(IndexCache.get(cache, jar, null, counting).made());
        IndexCache.Lookup again = IndexCache.get(cache, jar, null, counting);
        assertFalse(again.made());
        assertEquals(1, indexed.get());
        assertNotNull(again.index().getClassByName(DotName.createSimple(PasswordHash.class.getName())));

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        assertTrue(IndexCache.get(cache, jar, null, counting).made());
        assertEquals(2, indexed.get());
    }

    /**
     * Each WAR version is unpacked to a directory of its own, its files dated by the unpacking: the
     * jars it shares with the version before are read from the cache, a changed one is indexed.
     */
    @Test
    void aNewWarVersionIndexesOnlyTheJarsThatChanged() throws IOException {
        WorkDir work = WorkDir.open(dir.resolve("work"), false, UnpackLimits.DEFAULT);
        Path cache = work.path().resolve("index-cache");
        Path war = dir.resolve("app.war");
        war(war, Map.of("WEB-INF/lib/kept.jar", jarBytes(PasswordHash.class),
                "WEB-INF/lib/changed.jar", jarBytes(PasswordHash.class), "index.html", "v1".getBytes()));
        assertEquals(List.of(true, true), made(WarFiles.explode(war, work), cache));

        war(war, Map.of("WEB-INF/lib/kept.jar", jarBytes(PasswordHash.class),
                "WEB-INF/lib/changed.jar", jarBytes(Realm.class), "index.html", "v2".getBytes()));
        Files.setLastModifiedTime(war, FileTime.from(Instant.now().plusSeconds(60)));
        Path second = WarFiles.explode(war, work);
        assertEquals("v2", Files.readString(second.resolve("index.html")), "a new version, unpacked anew");
        assertEquals(List.of(true, false), made(second, cache), "changed.jar indexed again, kept.jar read back");
        ClassIndex index = ClassIndex.of(libJars(second), cache, WarFiles.jarIdentities(second));
        assertNotNull(index.all().getClassByName(DotName.createSimple(Realm.class.getName())));
    }

    /** For each jar of the version's WEB-INF/lib, sorted by name: whether its index was made now. */
    private static List<Boolean> made(Path version, Path cache) throws IOException {
        Map<Path, String> contents = WarFiles.jarIdentities(version);
        List<Boolean> made = new ArrayList<>();
        for (Path jar : libJars(version)) {
            assertNotNull(contents.get(jar), jar + " has its content identity");
            made.add(IndexCache.get(cache, jar, contents.get(jar), ClassIndex::indexJar).made());
        }
        return made;
    }

    private static List<Path> libJars(Path version) throws IOException {
        try (Stream<Path> jars = Files.list(version.resolve("WEB-INF/lib"))) {
            return jars.sorted().toList();
        }
    }

    private static byte[] jarBytes(Class<?> type) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry(type.getName().replace('.', '/') + ".class");
            // A fixed date: the same class makes the same jar bytes, whichever two-second tick of the zip clock it is built in.
            entry.setTime(FIXED_ENTRY_TIME);
            zip.putNextEntry(entry);
            try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
                in.transferTo(zip);
            }
        }
        return bytes.toByteArray();
    }

    private static void war(Path war, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
            zip.write("<web-app/>".getBytes());
            for (Map.Entry<String, byte[]> entry : new TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
            }
        }
    }

    /** Listing a cache of thousands of kept indexes costs a start tens of milliseconds: only a start that added one pays it. */
    @Test
    void theCacheIsPrunedOnlyByAStartThatAddedIndexesToIt() throws IOException {
        Path cache = Files.createDirectories(dir.resolve("index-cache"));
        Path stale = Files.writeString(cache.resolve("old.jar-0123.idx"), "x");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(8))));
        Path jar = jar("lib.jar");
        ClassIndex.of(List.of(jar), cache, Map.of());
        assertFalse(Files.exists(stale), "the first start indexed the jar, then pruned");

        Files.writeString(stale, "x");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofDays(8))));
        ClassIndex index = ClassIndex.of(List.of(jar), cache, Map.of());
        assertTrue(Files.exists(stale), "every index came from the cache: nothing was listed");
        assertNotNull(index.all().getClassByName(DotName.createSimple(PasswordHash.class.getName())));
    }

    private Path jar(String name) throws IOException {
        return Files.write(dir.resolve(name), jarBytes(PasswordHash.class));
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
