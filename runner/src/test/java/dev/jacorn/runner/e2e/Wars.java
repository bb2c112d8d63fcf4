package dev.jacorn.runner.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Builds WAR variants for the reload tests: a sample WAR plus a {@code version.txt} that tells versions apart. */
final class Wars {

    private Wars() {
    }

    /**
     * Writes {@code target} as a copy of {@code source} with {@code /version.txt} holding
     * {@code version}; written beside and moved into place, as a deploy script would.
     */
    static void writeVersion(Path source, Path target, String version) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (ZipFile zip = new ZipFile(source.toFile());
                OutputStream file = Files.newOutputStream(temp);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream in = zip.getInputStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("version.txt"));
            out.write((version + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        replace(temp, target);
    }

    /** Copies {@code source} over {@code target}, the way an operator deploys a new build. */
    static void copyOver(Path source, Path target) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
        replace(temp, target);
    }

    private static void replace(Path temp, Path target) throws IOException {
        // A fresh modification time even on file systems with coarse timestamps.
        Files.setLastModifiedTime(temp, FileTime.fromMillis(System.currentTimeMillis()
                + (Files.exists(target) ? 2_000 : 0)));
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
