package dev.jacorn.adapter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directory where packed WARs are unpacked, class indexes are cached and workers keep their
 * scratch files, checked once when it is opened: it is created private (mode 0700) when it does
 * not exist, and refused when it exists but belongs to another user or can be written by other
 * users, since whatever it holds is loaded as code. On systems without POSIX permissions the
 * checks are skipped.
 *
 * <p>One instance per directory and process; it also counts which unpacked versions live
 * deployments still serve from, so that unpacking a new version never deletes one in use. Methods
 * are thread-safe.
 */
public final class WorkDir {

    static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");
    private static final String SCRATCH_PREFIX = "tmp-";
    static final String WAR_NOTE = ".jacorn-war";
    static final String USER_PREFIX = ".jacorn-pid-";

    private final Path path;
    private final UnpackLimits limits;
    /** Shared by every {@link #withLimits} view of the directory. */
    private final Map<Path, Integer> inUse;

    private WorkDir(Path path, UnpackLimits limits, Map<Path, Integer> inUse) {
        this.path = path;
        this.limits = limits;
        this.inUse = inUse;
    }

    /**
     * This directory with other unpack limits (a reload changed them), knowing the same versions
     * in use: the old workers still serve from theirs while the new ones unpack.
     */
    public WorkDir withLimits(UnpackLimits other) {
        return new WorkDir(path, other, inUse);
    }

    /**
     * Opens (creating, mode 0700) the work directory {@code dir}.
     *
     * @param tighten whether an existing directory of ours that others can read is made 0700 (for
     *     the default location; a directory the user chose keeps its mode)
     * @throws WorkDirException when the directory cannot be created, is not a directory, belongs
     *     to another user or can be written by other users
     */
    public static WorkDir open(Path dir, boolean tighten, UnpackLimits limits) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            create(absolute);
        }
        if (!Files.isDirectory(absolute)) {
            throw new WorkDirException("The work directory " + absolute + " is not a directory; set --work-dir to a"
                    + " directory of your own, or to a path Jacorn can create.");
        }
        PosixFileAttributes attributes = posix(absolute);
        Path target = absolute;
        if (attributes != null && attributes.isSymbolicLink()) {
            // A link is only as trustworthy as whoever made it; then its target must be private too.
            checkOwner(absolute, attributes);
            target = realPath(absolute);
            attributes = posix(target);
        }
        if (attributes != null) {
            checkPrivate(target, attributes);
            if (tighten && !attributes.permissions().equals(PRIVATE)) {
                try {
                    Files.setPosixFilePermissions(target, PRIVATE);
                } catch (IOException e) {
                    throw new WorkDirException("The work directory " + absolute + " could not be made private"
                            + " (chmod 700); set --work-dir to a directory of your own.", e);
                }
            }
        }
        WorkDir opened = new WorkDir(absolute, limits, new HashMap<>());
        opened.deleteAbandoned();
        return opened;
    }

    private static void create(Path dir) {
        try {
            Files.createDirectories(dir.getParent());
            createPrivate(dir);
        } catch (FileAlreadyExistsException e) {
            // created meanwhile (another runner): checked like any existing directory
        } catch (AccessDeniedException e) {
            throw new WorkDirException("The work directory " + dir + " could not be created: permission denied on "
                    + e.getFile() + "; set --work-dir to a directory you can write.", e);
        } catch (IOException e) {
            throw new WorkDirException("The work directory " + dir + " could not be created (" + e
                    + "); set --work-dir to a directory you can write.", e);
        }
    }

    /**
     * @throws WorkDirException when {@code dir} belongs to another user or others can write it
     */
    static void checkPrivate(Path dir, PosixFileAttributes attributes) {
        checkOwner(dir, attributes);
        Set<PosixFilePermission> mode = attributes.permissions();
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new WorkDirException("The work directory " + dir + " can be written by other users (mode "
                    + PosixFilePermissions.toString(mode) + "); make it private with chmod 700 " + dir
                    + ", or set --work-dir to a directory of your own.");
        }
    }

    /** @param attributes of {@code dir} itself (a link is not followed) */
    private static void checkOwner(Path dir, PosixFileAttributes attributes) {
        int owner = uid(dir);
        int self = currentUid();
        if (owner >= 0 && self >= 0 && owner != self) {
            throw new WorkDirException("The work directory " + dir + " belongs to user " + attributes.owner().getName()
                    + ", not to this user (uid " + self + "); remove it, or set --work-dir to a directory of your own.");
        }
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw new WorkDirException("The work directory " + path + " is a link that cannot be followed; set"
                    + " --work-dir to a directory of your own.", e);
        }
    }

    /** Whether {@code dir} is ours and not writable by others (always true without POSIX permissions). */
    static boolean isPrivate(Path dir) {
        PosixFileAttributes attributes = posix(dir);
        if (attributes == null) {
            return true;
        }
        try {
            checkPrivate(dir, attributes);
            return true;
        } catch (WorkDirException e) {
            return false;
        }
    }

    /** The attributes of {@code path} (not following a last symbolic link), or null without POSIX support. */
    static PosixFileAttributes posix(Path path) {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (view == null) {
            return null;
        }
        try {
            return view.readAttributes();
        } catch (IOException e) {
            return null;
        }
    }

    /** Creates {@code dir} with mode 0700 where the file system has POSIX permissions. */
    static void createPrivate(Path dir) throws IOException {
        if (Files.getFileAttributeView(dir.getParent(), PosixFileAttributeView.class) != null) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE));
        } else {
            Files.createDirectory(dir);
        }
    }

    private static int uid(Path path) {
        try {
            return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }

    /** This process's user id, or -1 where there is none (not a Unix system). */
    static int currentUid() {
        try {
            return (int) new com.sun.security.auth.module.UnixSystem().getUid();
        } catch (LinkageError | RuntimeException e) {
            return -1;
        }
    }

    public Path path() {
        return path;
    }

    public UnpackLimits limits() {
        return limits;
    }

    /**
     * This process's scratch directory ({@code tmp-PID}), for the workers' uploads; scratch
     * directories of processes that no longer run are deleted first.
     */
    public Path scratch() {
        deleteStaleScratch();
        return path.resolve(SCRATCH_PREFIX + ProcessHandle.current().pid());
    }

    /** Deletes this process's scratch directory; failures are ignored (the next start removes it). */
    public void deleteScratch() {
        try {
            WarFiles.deleteTree(path.resolve(SCRATCH_PREFIX + ProcessHandle.current().pid()));
        } catch (IOException e) {
            // removed by the next start's deleteStaleScratch
        }
    }

    private void deleteStaleScratch() {
        List<Path> stale;
        try (Stream<Path> children = Files.list(path)) {
            stale = children.filter(WorkDir::isStaleScratch).toList();
        } catch (IOException e) {
            return;
        }
        for (Path dir : stale) {
            try {
                WarFiles.deleteTree(dir);
            } catch (IOException e) {
                // another start tries again
            }
        }
    }

    /**
     * Deletes the unpacked copies of WARs that are gone. Each packed WAR is unpacked under a
     * directory of its own path, so a WAR deployed from a new path each time (a release directory
     * per deploy, a build's temporary copy) left a copy behind per path, forever. A directory is
     * deleted when the WAR it was unpacked from (recorded in it, {@value #WAR_NOTE}) no longer
     * exists and no other running process serves from it (each one that does leaves a
     * {@value #USER_PREFIX}PID file there; this process counts as serving). Directories of
     * another user, or from a Jacorn that did not record its WAR, are left alone.
     */
    private void deleteAbandoned() {
        List<Path> copies;
        try (Stream<Path> children = Files.list(path)) {
            copies = children.filter(c -> Files.isRegularFile(c.resolve(WAR_NOTE), LinkOption.NOFOLLOW_LINKS)).toList();
        } catch (IOException e) {
            return;
        }
        for (Path copy : copies) {
            if (isAbandoned(copy)) {
                try {
                    // The note goes last: a start stopped half-way through leaves it for the next one.
                    try (Stream<Path> children = Files.list(copy)) {
                        for (Path child : children.filter(c -> !c.getFileName().toString().equals(WAR_NOTE)).toList()) {
                            WarFiles.deleteTree(child);
                        }
                    }
                    WarFiles.deleteTree(copy);
                } catch (IOException e) {
                    // only disk space; the next start tries again
                }
            }
        }
    }

    private static boolean isAbandoned(Path copy) {
        if (!isPrivate(copy)) {
            return false;
        }
        try {
            Path war = Path.of(Files.readString(copy.resolve(WAR_NOTE), StandardCharsets.UTF_8).strip());
            if (Files.exists(war)) {
                return false;
            }
            return users(copy).stream().noneMatch(WorkDir::namesALiveProcess);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The {@value #USER_PREFIX}PID files in {@code copy}. */
    private static List<Path> users(Path copy) throws IOException {
        try (Stream<Path> children = Files.list(copy)) {
            return children.filter(c -> c.getFileName().toString().startsWith(USER_PREFIX)).toList();
        }
    }

    /** Whether the user file names a running process; one that names no process counts as running. */
    private static boolean namesALiveProcess(Path userFile) {
        try {
            return isRunning(Long.parseLong(userFile.getFileName().toString().substring(USER_PREFIX.length())));
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** Whether {@code pid} runs; this process always does, whatever an earlier one with its PID left. */
    private static boolean isRunning(long pid) {
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * Records in {@code copy}, the directory a packed WAR is unpacked under, which WAR it holds
     * and that this process serves from it, for {@link #deleteAbandoned}, and drops the records of
     * processes that ended. Failures are ignored: they only keep the copy longer.
     */
    static void recordUse(Path copy, Path war) {
        try {
            // The copy's name is made from the WAR's path, so a note once written stays right.
            Path note = copy.resolve(WAR_NOTE);
            if (!Files.isRegularFile(note, LinkOption.NOFOLLOW_LINKS)) {
                Files.writeString(note, war.toAbsolutePath().normalize() + "\n", StandardCharsets.UTF_8);
            }
            Path user = copy.resolve(USER_PREFIX + ProcessHandle.current().pid());
            if (!Files.exists(user, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(user);
            }
            // Those of processes that ended go, or a WAR served for years would gather one per start.
            for (Path stale : users(copy)) {
                if (!namesALiveProcess(stale)) {
                    Files.deleteIfExists(stale);
                }
            }
        } catch (IOException | RuntimeException e) {
            // kept until a later start records it
        }
    }

    private static boolean isStaleScratch(Path dir) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(SCRATCH_PREFIX)) {
            return false;
        }
        try {
            long pid = Long.parseLong(name.substring(SCRATCH_PREFIX.length()));
            return !isRunning(pid);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A deployment serves from {@code root}: that version is not deleted until {@link #release}. */
    void retain(Path root) {
        synchronized (inUse) {
            inUse.merge(key(root), 1, Integer::sum);
        }
    }

    void release(Path root) {
        synchronized (inUse) {
            inUse.computeIfPresent(key(root), (p, count) -> count == 1 ? null : count - 1);
        }
    }

    boolean isInUse(Path root) {
        synchronized (inUse) {
            return inUse.containsKey(key(root));
        }
    }

    private static Path key(Path root) {
        return root.toAbsolutePath().normalize();
    }
}
