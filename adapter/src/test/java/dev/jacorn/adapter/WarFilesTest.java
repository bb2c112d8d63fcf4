package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The work directory and WAR unpacking: private directories, no planted versions, limits, clean failures. */
class WarFilesTest {

    @TempDir
    Path dir;

    @Test
    void aNewWorkDirectoryIsCreatedPrivate() throws IOException {
        Path work = dir.resolve("a/b/work");
        WorkDir.open(work, false, UnpackLimits.DEFAULT);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(work)));
    }

    @Test
    void aWorkDirectoryOthersCanWriteIsRefused() throws IOException {
        Path work = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxrwxrwx"));
        WorkDirException e = assertThrows(WorkDirException.class, () -> WorkDir.open(work, true, UnpackLimits.DEFAULT));
        assertEquals("The work directory " + work + " can be written by other users (mode rwxrwxrwx); make it"
                + " private with chmod 700 " + work + ", or set --work-dir to a directory of your own.", e.getMessage());
    }

    @Test
    void aWorkDirectoryOfAnotherUserIsRefused() throws Exception {
        Path work = Files.createDirectory(dir.resolve("theirs"));
        assumeTrue(chown("65534", work), "changing a directory's owner needs root");
        WorkDirException e = assertThrows(WorkDirException.class, () -> WorkDir.open(work, true, UnpackLimits.DEFAULT));
        assertTrue(e.getMessage().startsWith("The work directory " + work + " belongs to user "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; remove it, or set --work-dir to a directory of your own."), e.getMessage());
    }

    @Test
    void aLinkToAPrivateDirectoryIsFollowedAndALinkAnotherUserPlantedIsRefused() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Files.setPosixFilePermissions(real, WorkDir.PRIVATE);
        Path mine = Files.createSymbolicLink(dir.resolve("mine"), real);
        assertEquals(mine, WorkDir.open(mine, true, UnpackLimits.DEFAULT).path());

        Path planted = Files.createSymbolicLink(dir.resolve("planted"), real);
        assumeTrue(run("chown", "-h", "65534", planted.toString()), "changing a link's owner needs root");
        WorkDirException e = assertThrows(WorkDirException.class, () -> WorkDir.open(planted, true, UnpackLimits.DEFAULT));
        assertTrue(e.getMessage().startsWith("The work directory " + planted + " belongs to user "), e.getMessage());
    }

    @Test
    void theDefaultWorkDirectoryOfAnOlderVersionIsMadePrivateAndAChosenOneKeepsItsMode() throws IOException {
        Path old = Files.createDirectory(dir.resolve("old"));
        Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rwxr-xr-x"));
        WorkDir.open(old, false, UnpackLimits.DEFAULT);
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(old)));
        WorkDir.open(old, true, UnpackLimits.DEFAULT);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(old)));
    }

    @Test
    void aVersionDirectoryOthersCouldWriteIsNeverReused() throws IOException {
        Path war = war(dir.resolve("app.war"), Map.of("WEB-INF/web.xml", "<web-app/>", "index.html", "real"));
        WorkDir work = WorkDir.open(dir.resolve("work"), false, UnpackLimits.DEFAULT);
        Path version = WarFiles.explode(war, work);
        assertEquals("real", Files.readString(version.resolve("index.html")));

        // Another user got write access and planted a file in the complete version.
        Files.setPosixFilePermissions(version, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.writeString(version.resolve("index.html"), "planted");
        Path again = WarFiles.explode(war, work);
        assertEquals(version, again);
        assertEquals("real", Files.readString(again.resolve("index.html")), "unpacked again, not reused");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(again)));
    }

    @Test
    void aForgedCompleteMarkerOfAnotherUserIsNotTrusted() throws Exception {
        Path war = war(dir.resolve("app.war"), Map.of("WEB-INF/web.xml", "<web-app/>", "index.html", "real"));
        WorkDir work = WorkDir.open(dir.resolve("work"), false, UnpackLimits.DEFAULT);
        Path version = WarFiles.explode(war, work);
        Files.writeString(version.resolve("index.html"), "planted");
        assumeTrue(chown("65534", version.resolve("WEB-INF/.jacorn-complete")), "changing a file's owner needs root");
        assertEquals("real", Files.readString(WarFiles.explode(war, work).resolve("index.html")));
    }

    @Test
    void anArchiveOverTheSizeLimitIsRefusedAndLeavesNothingBehind() throws IOException {
        Path war = war(dir.resolve("bomb.war"), Map.of("WEB-INF/web.xml", "<web-app/>", "zeros.bin", "0".repeat(200_000)));
        WorkDir work = WorkDir.open(dir.resolve("work"), false, new UnpackLimits(100_000, 0));
        AppLoadException e = assertThrows(AppLoadException.class, () -> WarFiles.explode(war, work));
        assertEquals("APP " + war + " unpacks to more than 100000 bytes, the --limit-unpack-size; raise it if the WAR"
                + " is genuine.", e.getMessage());
        assertEquals(List.of(), leftovers(work.path()));
    }

    @Test
    void anArchiveThatLiesAboutItsSizesIsStoppedByTheBytesWritten() throws IOException {
        // Sizes in the local headers only (streamed entries): the count while writing is what stops it.
        Path war = dir.resolve("liar.war");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            zip.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
            zip.write("<web-app/>".getBytes());
            zip.putNextEntry(new ZipEntry("big.bin"));
            zip.write(new byte[300_000]);
        }
        WorkDir work = WorkDir.open(dir.resolve("work"), false, new UnpackLimits(250_000, 0));
        AppLoadException e = assertThrows(AppLoadException.class, () -> WarFiles.explode(war, work));
        assertTrue(e.getMessage().contains("--limit-unpack-size"), e.getMessage());
        assertEquals(List.of(), leftovers(work.path()));
    }

    @Test
    void anArchiveWithTooManyEntriesIsRefused() throws IOException {
        Map<String, String> entries = new java.util.HashMap<>();
        entries.put("WEB-INF/web.xml", "<web-app/>");
        for (int i = 0; i < 20; i++) {
            entries.put("f" + i, "x");
        }
        Path war = war(dir.resolve("many.war"), entries);
        WorkDir work = WorkDir.open(dir.resolve("work"), false, new UnpackLimits(0, 10));
        AppLoadException e = assertThrows(AppLoadException.class, () -> WarFiles.explode(war, work));
        assertEquals("APP " + war + " has 21 entries, more than the 10 of --limit-unpack-entries; raise it if the WAR"
                + " is genuine.", e.getMessage());
        assertEquals(List.of(), leftovers(work.path()));
    }

    @Test
    void aSpringBootExecutableJarIsNotAWar() throws IOException {
        Path jar = war(dir.resolve("app.jar"), Map.of(
                "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: org.springframework.boot.loader.launch.JarLauncher\n",
                "BOOT-INF/classes/application.properties", "spring.datasource.password=secret\n",
                "org/springframework/boot/loader/launch/JarLauncher.class", "\u00ca\u00fe"));
        WorkDir work = WorkDir.open(dir.resolve("work"), false, UnpackLimits.DEFAULT);
        AppLoadException e = assertThrows(AppLoadException.class, () -> WarFiles.explode(jar, work));
        assertEquals("APP " + jar + " is not a WAR: it looks like a Spring Boot executable jar (BOOT-INF/, no"
                + " WEB-INF/); run it with java -jar " + jar + ", or build a WAR (packaging war,"
                + " SpringBootServletInitializer).", e.getMessage());
        assertEquals(List.of(), leftovers(work.path()));
    }

    @Test
    void aFullDiskIsNamedAsSuchAndTheFailedUnpackIsRemoved() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("small"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", mount.toString()), "mounting needs root");
        try {
            // Random bytes do not compress: the archive is small enough to read, too big to unpack.
            byte[] noise = new byte[700_000];
            new java.util.Random(1).nextBytes(noise);
            Path war = dir.resolve("big.war");
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
                zip.putNextEntry(new ZipEntry("WEB-INF/web.xml"));
                zip.write("<web-app/>".getBytes());
                zip.putNextEntry(new ZipEntry("noise.bin"));
                zip.write(noise);
            }
            WorkDir work = WorkDir.open(mount.resolve("work"), false, UnpackLimits.DEFAULT);
            AppLoadException e = assertThrows(AppLoadException.class, () -> WarFiles.explode(war, work));
            assertTrue(e.getMessage().startsWith("APP " + war + " could not be unpacked into "), e.getMessage());
            assertTrue(e.getMessage().contains("free some space, or set --work-dir to a directory on a larger disk."),
                    e.getMessage());
            assertEquals(List.of(), leftovers(work.path()));
        } finally {
            run("umount", mount.toString());
        }
    }

    @Test
    void scratchDirectoriesOfProcessesThatEndedAreRemoved() throws IOException {
        WorkDir work = WorkDir.open(dir.resolve("work"), false, UnpackLimits.DEFAULT);
        Path stale = Files.createDirectories(work.path().resolve("tmp-" + Integer.MAX_VALUE + "/worker-1"));
        Path mine = work.scratch();
        assertFalse(Files.exists(stale.getParent()));
        Files.createDirectories(mine.resolve("worker-1"));
        work.deleteScratch();
        assertFalse(Files.exists(mine));
    }

    @Test
    void theCopyOfAWarThatIsGoneIsDeletedAtTheNextStartUnlessARunningProcessServesFromIt() throws Exception {
        Map<String, String> entries = Map.of("WEB-INF/web.xml", "<web-app/>", "index.html", "release");
        WorkDir work = WorkDir.open(dir.resolve("work"), false, UnpackLimits.DEFAULT);
        Path gone = copyOf(war(Files.createDirectories(dir.resolve("release-1")).resolve("app.war"), entries), work);
        Path present = copyOf(war(Files.createDirectories(dir.resolve("release-2")).resolve("app.war"), entries), work);
        Path served = copyOf(war(Files.createDirectories(dir.resolve("release-3")).resolve("app.war"), entries), work);
        Path ours = copyOf(war(Files.createDirectories(dir.resolve("release-4")).resolve("app.war"), entries), work);
        Path older = Files.createDirectories(work.path().resolve("legacy.war-0123456789ab/v-0123456789ab"));
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            // The runners that unpacked the first two have stopped; another one still serves the third.
            servedBy(gone, Integer.MAX_VALUE);
            servedBy(present, Integer.MAX_VALUE);
            servedBy(served, other.pid());
            for (String release : List.of("release-1", "release-3", "release-4")) {
                WarFiles.deleteTree(dir.resolve(release));
            }

            WorkDir.open(work.path(), false, UnpackLimits.DEFAULT);
            assertFalse(Files.exists(gone), "its WAR is gone and nobody serves from it");
            // Served again: the record of the process that ended goes, this one's comes.
            WarFiles.explode(dir.resolve("release-2/app.war"), work);
            assertEquals(List.of(WorkDir.USER_PREFIX + ProcessHandle.current().pid()), users(present));
            assertTrue(Files.exists(present.resolve(WorkDir.WAR_NOTE)), "its WAR is still there");
            assertTrue(Files.exists(served.resolve(WorkDir.WAR_NOTE)), "a running process serves from it");
            assertTrue(Files.exists(ours.resolve(WorkDir.WAR_NOTE)), "this process may serve from it");
            assertTrue(Files.exists(older), "a copy that does not say where its WAR was is left alone");
        } finally {
            other.destroy();
        }
    }

    @Test
    void newUnpackLimitsKeepTheVersionsStillServedFrom() throws IOException {
        Path war = war(dir.resolve("app.war"), Map.of("WEB-INF/web.xml", "<web-app/>", "index.html", "one"));
        WorkDir work = WorkDir.open(dir.resolve("work"), false, UnpackLimits.DEFAULT);
        Path serving = WarFiles.explode(war, work);
        work.retain(serving);
        // A reload with a changed WAR and changed limits: the old worker drains from its version.
        Files.delete(war);
        war(war, Map.of("WEB-INF/web.xml", "<web-app/>", "index.html", "two"));
        Files.setLastModifiedTime(war, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Path next = WarFiles.explode(war, work.withLimits(new UnpackLimits(50_000_000, 1_000)));
        assertEquals("two", Files.readString(next.resolve("index.html")));
        assertEquals("one", Files.readString(serving.resolve("index.html")), "still served, so kept");
        work.release(serving);
        WarFiles.explode(war, work);
        assertFalse(Files.exists(serving), "deleted once nobody serves from it");
    }

    /** The directory {@code war} is unpacked under (its versions, and what records its use). */
    private static Path copyOf(Path war, WorkDir work) {
        return WarFiles.explode(war, work).getParent();
    }

    private static List<String> users(Path copy) throws IOException {
        try (Stream<Path> children = Files.list(copy)) {
            return children.map(c -> c.getFileName().toString()).filter(n -> n.startsWith(WorkDir.USER_PREFIX)).toList();
        }
    }

    /** Makes {@code copy} look used by the process {@code pid} alone. */
    private static void servedBy(Path copy, long pid) throws IOException {
        Files.move(copy.resolve(WorkDir.USER_PREFIX + ProcessHandle.current().pid()), copy.resolve(WorkDir.USER_PREFIX + pid));
    }

    /** Files under the WAR directories of {@code work}, the index cache aside. */
    private static List<Path> leftovers(Path work) throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static Path war(Path file, Map<String, String> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return file;
    }

    private static boolean chown(String owner, Path path) throws Exception {
        return run("chown", owner, path.toString());
    }

    private static boolean run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor() == 0;
    }
}
