package dev.jacorn.adapter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where an application comes from: a packed WAR, an exploded WAR directory, or servlet classes
 * on a classpath. A source is a description only; {@link Application#prepare} reads it.
 *
 * <p>The text form accepted by {@link #parse} is {@code PATH[:/CONTEXT]} for WARs and
 * {@code CLASS_NAME[:/CONTEXT]} for a servlet class (which then needs a classpath). The context
 * path defaults to {@code /}.
 */
public sealed interface AppSource {

    /** The context path the application is mounted at: {@code ""} for the root, else {@code /name}. */
    String contextPath();

    /** The short name used in log lines: the WAR file name without {@code .war}, or the class's simple name. */
    String name();

    /** The files whose change means the application changed on disk (for reloading). */
    List<Path> watchedPaths();

    /** A packed {@code .war} file. */
    record WarFile(Path war, String contextPath) implements AppSource {
        @Override
        public String name() {
            String file = war.getFileName().toString();
            return file.endsWith(".war") ? file.substring(0, file.length() - 4) : file;
        }

        @Override
        public List<Path> watchedPaths() {
            return List.of(war);
        }
    }

    /** A directory laid out as a WAR (WEB-INF/classes, WEB-INF/lib, static files at the root). */
    record ExplodedWar(Path root, String contextPath) implements AppSource {
        @Override
        public String name() {
            Path file = root.toAbsolutePath().normalize().getFileName();
            return file == null ? "ROOT" : file.toString();
        }

        @Override
        public List<Path> watchedPaths() {
            return List.of(root);
        }
    }

    /** One servlet class, loaded from {@code classpath} and mounted at {@code /*}. */
    record ServletClass(String className, List<Path> classpath, String contextPath) implements AppSource {
        public ServletClass {
            classpath = List.copyOf(classpath);
        }

        @Override
        public String name() {
            return className.substring(className.lastIndexOf('.') + 1);
        }

        @Override
        public List<Path> watchedPaths() {
            return classpath;
        }
    }

    /**
     * Reads one APP argument.
     *
     * @throws AppLoadException when the argument names nothing that can be served
     */
    static AppSource parse(String argument, List<Path> classpath) {
        String location = argument;
        String contextPath = "";
        int colon = argument.lastIndexOf(":/");
        if (colon > 0) {
            location = argument.substring(0, colon);
            contextPath = ContextPaths.normalize(argument.substring(colon + 1));
        }
        Path path = Path.of(location);
        if (Files.isDirectory(path)) {
            return new ExplodedWar(path, contextPath);
        }
        if (Files.isRegularFile(path)) {
            if (!location.endsWith(".war") && !WarFiles.isZip(path)) {
                throw new AppLoadException("APP " + location + " is a file but not a WAR; give a .war file,"
                        + " an exploded WAR directory, or a servlet class name with --classpath.");
            }
            return new WarFile(path, contextPath);
        }
        if (looksLikeClassName(location) && !location.endsWith(".war")) {
            if (classpath.isEmpty()) {
                throw new AppLoadException("APP " + location + " looks like a class name but no --classpath"
                        + " was given; add --classpath with the jars or directories that hold it.");
            }
            return new ServletClass(location, classpath, contextPath);
        }
        throw new AppLoadException("APP " + location + " does not exist; give the path of a .war file,"
                + " an exploded WAR directory, or a servlet class name with --classpath.");
    }

    private static boolean looksLikeClassName(String text) {
        if (text.isEmpty() || text.contains("/") || text.contains("\\")) {
            return false;
        }
        for (String part : text.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))
                    || !part.chars().allMatch(Character::isJavaIdentifierPart)) {
                return false;
            }
        }
        return true;
    }
}
