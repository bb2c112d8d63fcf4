package dev.jacorn.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks packed WARs into a work directory.
 *
 * <p>Each WAR gets {@code WORK/<name>-<hash of its path>/}, and inside it one directory per
 * content version ({@code v-<hash of size and mtime>}), written completely before it is used.
 * An unchanged WAR reuses its directory; a changed WAR is unpacked beside the old version, and
 * other versions are deleted unless a live deployment still serves from them (old workers
 * draining, or the version still serving after a reload that failed). Unpacking is called from
 * the arbiter thread only; the in-use counts are thread-safe.
 */
public final class WarFiles {

    private static final String COMPLETE_MARKER = ".jacorn-complete";
    private static final Map<Path, Integer> IN_USE = new HashMap<>();

    private WarFiles() {
    }

    /** Whether the file starts with a ZIP local-file header. */
    static boolean isZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Returns the exploded directory for {@code war}, unpacking it when this content has not been
     * unpacked before.
     *
     * @throws AppLoadException when the WAR cannot be read as a ZIP archive
     */
    public static Path explode(Path war, Path workDir) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(war, BasicFileAttributes.class);
            String stamp = attributes.size() + ":" + attributes.lastModifiedTime().toMillis();
            String name = war.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
            Path base = workDir.resolve(name + "-" + shortHash(war.toAbsolutePath().normalize().toString()));
            Path version = base.resolve("v-" + shortHash(stamp));
            if (!Files.exists(version.resolve(COMPLETE_MARKER))) {
                deleteTree(version);
                unzip(war, version);
                Files.writeString(version.resolve(COMPLETE_MARKER), stamp, StandardCharsets.UTF_8);
            }
            pruneOldVersions(base, version);
            return version;
        } catch (ZipException e) {
            throw new AppLoadException("APP " + war + " is not a readable WAR (ZIP) file; rebuild it or give"
                    + " an exploded WAR directory.", e);
        } catch (IOException e) {
            throw new AppLoadException("APP " + war + " could not be unpacked into " + workDir
                    + "; check that the work directory is writable.", e);
        }
    }

    private static void unzip(Path war, Path target) throws IOException {
        Files.createDirectories(target);
        Path root = target.toAbsolutePath().normalize();
        try (ZipFile zip = new ZipFile(war.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                Path out = root.resolve(entry.getName()).normalize();
                if (!out.startsWith(root)) {
                    throw new ZipException("entry " + entry.getName() + " points outside the archive");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** A deployment serves from {@code root}: its version is not deleted until {@link #release}. */
    static void retain(Path root) {
        if (root != null) {
            synchronized (IN_USE) {
                IN_USE.merge(key(root), 1, Integer::sum);
            }
        }
    }

    static void release(Path root) {
        if (root != null) {
            synchronized (IN_USE) {
                IN_USE.computeIfPresent(key(root), (path, count) -> count == 1 ? null : count - 1);
            }
        }
    }

    /** Keeps {@code current} and every version a live deployment serves from; deletes the rest. */
    private static void pruneOldVersions(Path base, Path current) throws IOException {
        List<Path> others;
        try (Stream<Path> children = Files.list(base)) {
            others = children.filter(p -> !p.equals(current) && p.getFileName().toString().startsWith("v-"))
                    .toList();
        }
        for (Path old : others) {
            boolean inUse;
            synchronized (IN_USE) {
                inUse = IN_USE.containsKey(key(old));
            }
            if (!inUse) {
                deleteTree(old);
            }
        }
    }

    private static Path key(Path root) {
        return root.toAbsolutePath().normalize();
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
