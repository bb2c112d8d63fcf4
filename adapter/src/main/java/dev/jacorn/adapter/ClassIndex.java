package dev.jacorn.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jboss.jandex.Index;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.Indexer;

/**
 * Builds a Jandex index of an application's classes (directories and jars) without loading any
 * of them. The index is made once per prepared application and shared by all its workers, since
 * it depends on the bytes on disk only.
 */
final class ClassIndex {

    private ClassIndex() {
    }

    static IndexView of(List<Path> classpath) {
        Indexer indexer = new Indexer();
        for (Path entry : classpath) {
            try {
                if (Files.isDirectory(entry)) {
                    indexDirectory(indexer, entry);
                } else if (Files.isRegularFile(entry)) {
                    indexJar(indexer, entry);
                }
            } catch (IOException | UncheckedIOException e) {
                throw new AppLoadException("Classpath entry " + entry + " could not be read; check that it is a"
                        + " readable jar or directory.", e);
            }
        }
        return indexer.complete();
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

    private static void indexJar(Indexer indexer, Path jar) throws IOException {
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

    static Index empty() {
        return new Indexer().complete();
    }
}
