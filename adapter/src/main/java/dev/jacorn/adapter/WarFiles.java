package dev.jacorn.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks packed WARs into a {@link WorkDir}.
 *
 * <p>Each WAR gets {@code WORK/<name>-<hash of its path>/}, and inside it one directory per
 * content version ({@code v-<hash of size and mtime>}). A version is unpacked into a temporary
 * directory beside it and renamed into place only when complete, so a failed unpack (a limit, a
 * full disk) leaves nothing behind and a reader never sees half a version. An existing version is
 * reused only when it and its {@code WEB-INF/.jacorn-complete} marker belong to this user and
 * others cannot write them; anything else is unpacked again. The marker sits under
 * {@code WEB-INF/}, which is never served, and also records the size and CRC-32 of every jar
 * unpacked to {@code WEB-INF/lib}: what the index cache knows a jar by. A changed WAR is unpacked
 * beside the old version, and other versions are deleted unless a live deployment still serves
 * from them (old workers draining, or the version still serving after a reload that failed).
 *
 * <p>Only archives with {@code WEB-INF/} are unpacked: anything else (a Spring Boot executable
 * jar, a plain jar) is refused with a sentence naming what it looks like. Called from the
 * arbiter thread only.
 */
final class WarFiles {

    private static final String COMPLETE_MARKER = "WEB-INF/.jacorn-complete";
    private static final String LIB = "WEB-INF/lib/";

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
     * @throws AppLoadException when the WAR cannot be read as a ZIP archive, is not a WAR, exceeds
     *     the unpack limits, or cannot be written (naming a full disk or a permission problem)
     */
    static Path explode(Path war, WorkDir workDir) {
        Path version;
        Path base;
        String stamp;
        try {
            BasicFileAttributes attributes = Files.readAttributes(war, BasicFileAttributes.class);
            stamp = attributes.size() + ":" + attributes.lastModifiedTime().toMillis();
            String name = war.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
            base = workDir.path().resolve(name + "-" + shortHash(war.toAbsolutePath().normalize().toString()));
            version = base.resolve("v-" + shortHash(stamp));
        } catch (IOException e) {
            throw new AppLoadException("APP " + war + " could not be read (" + e + "); check the file and its"
                    + " permissions.", e);
        }
        if (!isTrusted(version)) {
            unpack(war, workDir, base, version, stamp);
        }
        WorkDir.recordUse(base, war);
        try {
            pruneOldVersions(workDir, base, version);
        } catch (IOException e) {
            // an old version left behind is only disk space; the next unpack tries again
        }
        return version;
    }

    /** A complete version that only this user could have written. */
    private static boolean isTrusted(Path version) {
        Path marker = version.resolve(COMPLETE_MARKER);
        return Files.isRegularFile(marker) && WorkDir.isPrivate(version.getParent()) && WorkDir.isPrivate(version)
                && WorkDir.isPrivate(marker);
    }

    private static void unpack(Path war, WorkDir workDir, Path base, Path version, String stamp) {
        Path partial = base.resolve(".unpack-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(base);
            if (!WorkDir.isPrivate(base)) {
                deleteTree(base);
                Files.createDirectories(base);
            }
            List<String> jars = unzip(war, partial, workDir.limits());
            Files.createDirectories(partial.resolve("WEB-INF"));
            Files.writeString(partial.resolve(COMPLETE_MARKER), stamp + "\n" + String.join("", jars),
                    StandardCharsets.UTF_8);
            if (Files.exists(version)) {
                deleteTree(version); // incomplete, or not ours
            }
            Files.move(partial, version, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            // another runner sharing the work directory renamed its copy first; use that one
            deleteQuietly(partial);
            if (!isTrusted(version)) {
                throw new AppLoadException("APP " + war + " could not be unpacked into " + workDir.path()
                        + " while another process was unpacking it; start again.", e);
            }
        } catch (ZipException e) {
            deleteQuietly(partial);
            throw new AppLoadException("APP " + war + " is not a readable WAR (ZIP) file; rebuild it or give"
                    + " an exploded WAR directory.", e);
        } catch (NotAWarException | UnpackLimitException e) {
            deleteQuietly(partial);
            throw new AppLoadException(e.getMessage(), e);
        } catch (IOException e) {
            // Measured before the partial copy is deleted: a full disk is still full now.
            long usable = usableSpace(workDir.path());
            deleteQuietly(partial);
            throw new AppLoadException(diskProblem(war, workDir.path(), e, usable), e);
        }
    }

    private static String diskProblem(Path war, Path workDir, IOException e, long usable) {
        String prefix = "APP " + war + " could not be unpacked into " + workDir + ": ";
        if (e instanceof AccessDeniedException denied) {
            return prefix + "permission denied on " + denied.getFile() + "; check the work directory's owner and"
                    + " mode, or set --work-dir to a directory you can write.";
        }
        if (usable >= 0 && usable < 1024 * 1024) {
            return prefix + "the disk is full (" + usable + " bytes free); free some space, or set --work-dir to a"
                    + " directory on a larger disk.";
        }
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.toString();
        return prefix + reason + "; check the disk and the work directory.";
    }

    private static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * The jars of {@code WEB-INF/lib} of a version this class unpacked, each with the size and CRC-32
     * of the bytes written for it; empty for any other directory (an exploded WAR given by the
     * user). Read from the version's marker, written with the version.
     */
    static Map<Path, String> jarIdentities(Path version) {
        Path marker = version.resolve(COMPLETE_MARKER);
        if (!Files.isRegularFile(marker)) {
            return Map.of();
        }
        Map<Path, String> identities = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(marker, StandardCharsets.UTF_8);
            for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] fields = line.split(" ", 3);
                if (fields.length == 3) {
                    identities.put(version.resolve(fields[2]), fields[0] + ":" + fields[1]);
                }
            }
        } catch (IOException e) {
            // Without them the index cache knows each jar by its path and date, as for an exploded WAR.
            return Map.of();
        }
        return identities;
    }

    /** @return a line "SIZE CRC32 PATH" for every jar directly in {@code WEB-INF/lib/} */
    private static List<String> unzip(Path war, Path target, UnpackLimits limits) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        List<String> jars = new ArrayList<>();
        try (ZipFile zip = new ZipFile(war.toFile())) {
            checkIsWar(war, zip);
            if (limits.maxEntries() > 0 && zip.size() > limits.maxEntries()) {
                throw new UnpackLimitException("APP " + war + " has " + zip.size() + " entries, more than the "
                        + limits.maxEntries() + " of --limit-unpack-entries; raise it if the WAR is genuine.");
            }
            long declared = zip.stream().mapToLong(entry -> Math.max(0, entry.getSize())).sum();
            checkBytes(war, declared, limits);
            long free = usableSpace(root.getParent());
            if (free >= 0 && declared > free) {
                throw new UnpackLimitException("APP " + war + " could not be unpacked into " + root.getParent()
                        + ": it needs " + declared + " bytes and the disk has " + free + " free; free some space, or"
                        + " set --work-dir to a directory on a larger disk.");
            }
            WorkDir.createPrivate(root);
            long written = 0;
            byte[] buffer = new byte[64 * 1024];
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
                String name = entry.getName();
                CRC32 jar = name.startsWith(LIB) && name.endsWith(".jar") && name.indexOf('/', LIB.length()) < 0
                        ? new CRC32() : null;
                long size = 0;
                try (InputStream in = zip.getInputStream(entry); OutputStream sink = Files.newOutputStream(out)) {
                    int read;
                    while ((read = in.read(buffer)) > 0) {
                        written += read;
                        checkBytes(war, written, limits);
                        sink.write(buffer, 0, read);
                        if (jar != null) {
                            jar.update(buffer, 0, read);
                            size += read;
                        }
                    }
                }
                if (jar != null) {
                    jars.add(size + " " + Long.toHexString(jar.getValue()) + " " + name + "\n");
                }
            }
        }
        return jars;
    }

    private static void checkBytes(Path war, long bytes, UnpackLimits limits) throws UnpackLimitException {
        if (limits.maxBytes() > 0 && bytes > limits.maxBytes()) {
            throw new UnpackLimitException("APP " + war + " unpacks to more than " + limits.maxBytes()
                    + " bytes, the --limit-unpack-size; raise it if the WAR is genuine.");
        }
    }

    /** Refuses an archive without WEB-INF/, naming what it looks like. */
    private static void checkIsWar(Path war, ZipFile zip) throws NotAWarException {
        boolean bootInf = false;
        boolean classes = false;
        for (ZipEntry entry : zip.stream().toList()) {
            String name = entry.getName();
            if (name.startsWith("WEB-INF/")) {
                return;
            }
            bootInf |= name.startsWith("BOOT-INF/");
            classes |= name.endsWith(".class");
        }
        String looks;
        if (bootInf) {
            looks = "a Spring Boot executable jar (BOOT-INF/, no WEB-INF/); run it with java -jar " + war
                    + ", or build a WAR (packaging war, SpringBootServletInitializer)";
        } else if (classes) {
            looks = "a jar of classes without WEB-INF/; give it with --classpath and name the servlet class as APP,"
                    + " or build a WAR";
        } else {
            looks = "an archive without WEB-INF/; give a WAR (WEB-INF/web.xml or WEB-INF/classes) or an exploded"
                    + " WAR directory";
        }
        throw new NotAWarException("APP " + war + " is not a WAR: it looks like " + looks + ".");
    }

    /** Keeps {@code current} and every version a live deployment serves from; deletes the rest. */
    private static void pruneOldVersions(WorkDir workDir, Path base, Path current) throws IOException {
        List<Path> others;
        try (Stream<Path> children = Files.list(base)) {
            others = children.filter(p -> !p.equals(current) && p.getFileName().toString().startsWith("v-"))
                    .toList();
        }
        for (Path old : others) {
            if (!workDir.isInUse(old)) {
                deleteTree(old);
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
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

    private static void deleteQuietly(Path root) {
        try {
            deleteTree(root);
        } catch (IOException e) {
            // the next unpack of this WAR uses a new temporary name; a leftover is only disk space
        }
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The archive has no WEB-INF/; the message says what it looks like. */
    private static final class NotAWarException extends IOException {
        NotAWarException(String message) {
            super(message);
        }
    }

    /** An unpack limit was reached, or the disk cannot hold the archive; the message names which. */
    private static final class UnpackLimitException extends IOException {
        UnpackLimitException(String message) {
            super(message);
        }
    }
}
