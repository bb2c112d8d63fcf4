package dev.jacorn.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jboss.jandex.CompositeIndex;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.Indexer;

/**
 * A Jandex index of an application's classes (directories and jars), built without loading any
 * of them, one index per classpath entry so that a jar can be left out of the annotation scan
 * (a metadata-complete fragment, an absolute ordering). Made once per prepared application and
 * shared by all its workers, since it depends on the bytes on disk only. Immutable.
 */
final class ClassIndex {

    private final Map<Path, Index> entries;
    private final IndexView all;

    private ClassIndex(Map<Path, Index> entries) {
        this.entries = entries;
        this.all = CompositeIndex.create(new ArrayList<>(entries.values()));
    }

    /** Indexes every entry, none from a cache. */
    static ClassIndex of(List<Path> classpath) {
        return of(classpath, null, Map.of());
    }

    /**
     * Indexes every entry, in parallel. A jar's index is kept in {@code cacheDir} (when not
     * {@code null}) under a key made of its content's size and CRC-32 when {@code contents} has
     * them (jars unpacked from a WAR), else of its path, size and modification time, so an
     * unchanged jar is read back instead of indexed again; directories are always indexed.
     * When this added indexes to the cache, the ones unused for a week are deleted.
     */
    static ClassIndex of(List<Path> classpath, Path cacheDir, Map<Path, String> contents) {
        Stream<Path> entries = classpath.size() > 1 ? classpath.parallelStream() : classpath.stream();
        List<IndexCache.Lookup> indexes = entries.map(entry -> indexEntry(entry, cacheDir, contents.get(entry)))
                .toList();
        if (cacheDir != null && indexes.stream().anyMatch(IndexCache.Lookup::made)) {
            IndexCache.prune(cacheDir);
        }
        Map<Path, Index> byEntry = new LinkedHashMap<>();
        for (int i = 0; i < classpath.size(); i++) {
            byEntry.put(classpath.get(i), indexes.get(i).index());
        }
        return new ClassIndex(byEntry);
    }

    /** Only a jar indexed now rather than read from the cache counts as made; a directory is never kept. */
    private static IndexCache.Lookup indexEntry(Path entry, Path cacheDir, String content) {
        try {
            if (Files.isRegularFile(entry)) {
                return cacheDir == null ? new IndexCache.Lookup(indexJar(entry), false)
                        : IndexCache.get(cacheDir, entry, content, ClassIndex::indexJar);
            }
            Indexer indexer = new Indexer();
            if (Files.isDirectory(entry)) {
                indexDirectory(indexer, entry);
            }
            return new IndexCache.Lookup(indexer.complete(), false);
        } catch (IOException | UncheckedIOException e) {
            throw new AppLoadException("Classpath entry " + entry + " could not be read; check that it is a"
                    + " readable jar or directory.", e);
        }
    }

    /** Every class of the application: what {@code @HandlesTypes} is matched against. */
    IndexView all() {
        return all;
    }

    /** The classes outside {@code excluded}: what the annotation scan reads. */
    IndexView without(Set<Path> excluded) {
        if (excluded.isEmpty()) {
            return all;
        }
        List<IndexView> kept = new ArrayList<>();
        entries.forEach((path, index) -> {
            if (!excluded.contains(path)) {
                kept.add(index);
            }
        });
        return CompositeIndex.create(kept);
    }

    private static void indexDirectory(Indexer indexer, Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(ClassIndex::isClassFile).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    indexQuietly(indexer, in);
                }
            }
        }
    }

    /** A jar's index, made now: what the cache calls when it has none kept. */
    static Index indexJar(Path jar) throws IOException {
        Indexer indexer = new Indexer();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                String name = entry.getName();
                // Multi-release and module descriptors describe classes indexed elsewhere or none.
                if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        indexQuietly(indexer, in);
                    }
                }
            }
        }
        return indexer.complete();
    }

    private static boolean isClassFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".class") && !name.equals("module-info.class");
    }

    /** A class file Jandex cannot parse (a newer format, say) is skipped, as a container skips it. */
    private static void indexQuietly(Indexer indexer, InputStream in) throws IOException {
        try {
            indexer.index(in);
        } catch (IllegalStateException | IllegalArgumentException unreadable) {
            // Unsupported class-file version or a corrupt entry: such a class cannot be annotated for us.
        }
    }
}
