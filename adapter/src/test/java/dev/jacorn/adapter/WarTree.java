package dev.jacorn.adapter;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes the files of an exploded WAR that a test builds for itself. */
final class WarTree {

    private WarTree() {
    }

    /**
     * Copies the compiled classes of the test's fixture package (e.g. {@code dev.jacorn.adapter.merging})
     * into {@code classes}, the WAR's WEB-INF/classes: the web-app class loader only sees the WAR.
     */
    static void copyFixtureClasses(String fixturePackage, Path classes) throws IOException {
        String packagePath = fixturePackage.replace('.', '/');
        Path compiled;
        try {
            compiled = Path.of(WarTree.class.getResource("/" + packagePath).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the fixture package " + fixturePackage + " has no usable location", e);
        }
        Path target = classes.resolve(packagePath);
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(compiled)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName().toString()));
            }
        }
    }

    /** A jar holding {@code entries}: each entry's name and its text. */
    static void jar(Path jar, Map<String, String> entries) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(file)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }

    static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
