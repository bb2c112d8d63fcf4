package dev.jacorn.runner.config;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Settings of the "Application" section: what is served and where it is unpacked. Registered in {@link Settings#ALL}. */
public final class ApplicationSettings {

    private ApplicationSettings() {
    }

    public static final Setting<List<Path>> CLASSPATH = Setting.list("classpath", Parsers::path)
            .section(Section.APPLICATION).metavar("PATHS").separator(File.pathSeparator)
            .defaultValue(List.of())
            .help("Jars and directories holding the servlet class named as APP; repeat it or separate"
                    + " entries with '" + File.pathSeparator + "'.")
            .build();

    public static final Setting<Path> WORK_DIR = Setting.single("work-dir", Parsers::path)
            .section(Section.APPLICATION).metavar("DIR")
            .defaultValue(() -> defaultWorkDir(Map.of()), "$TMPDIR/jacorn-$USER")
            .help("Where packed WARs are unpacked (an unchanged WAR reuses its directory) and workers keep scratch"
                    + " files; created with mode 0700, and refused if another user owns it or others can write it.")
            .build();

    public static final Setting<Long> LIMIT_UNPACK_SIZE = Setting.single("limit-unpack-size", ServerSettings::bytes)
            .section(Section.APPLICATION).metavar("SIZE")
            .defaultValue(() -> 1024L * 1024 * 1024, "1g")
            .help("Most bytes a packed WAR may unpack to (counted as written, against zip bombs), with k, m, g;"
                    + " 0 = no limit.")
            .build();

    public static final Setting<Integer> LIMIT_UNPACK_ENTRIES = Setting.single("limit-unpack-entries",
                    Parsers.integer(0, Integer.MAX_VALUE))
            .section(Section.APPLICATION).metavar("N").defaultValue(65_536)
            .help("Most entries a packed WAR may hold; 0 = no limit.")
            .build();

    public static final Setting<Path> USERS = Setting.single("users", Parsers::path)
            .section(Section.APPLICATION).metavar("FILE")
            .help("Realm file of users, password hashes (none for client-certificate users) and roles for the"
                    + " applications' declarative security; without it, protected resources are refused.")
            .build();

    public static final Setting<Integer> LOCKOUT_FAILURES = Setting.single("lockout-failures",
                    Parsers.integer(0, 1000))
            .section(Section.APPLICATION).metavar("N").defaultValue(5)
            .help("Failed logins in a row after which a --users user is locked out for --lockout-time; 0 = never.")
            .build();

    public static final Setting<Double> LOCKOUT_TIME = Setting.single("lockout-time", Parsers::seconds)
            .section(Section.APPLICATION).metavar("SECONDS").defaultValue(300.0)
            .help("How long a locked-out user's logins are refused, even with the right password.")
            .build();

    static final List<Setting<?>> ALL = List.of(CLASSPATH, WORK_DIR, LIMIT_UNPACK_SIZE, LIMIT_UNPACK_ENTRIES, USERS,
            LOCKOUT_FAILURES, LOCKOUT_TIME);

    /**
     * {@code $TMPDIR/jacorn-$USER}, from the environment where those are set, else from the JVM's
     * {@code java.io.tmpdir} and {@code user.name}.
     */
    static Path defaultWorkDir(Map<String, String> environment) {
        String temp = environment.get("TMPDIR");
        if (temp == null || temp.isBlank()) {
            temp = System.getProperty("java.io.tmpdir");
        }
        String user = environment.get("USER");
        if (user == null || user.isBlank() || !user.matches("[A-Za-z0-9._-]+")) {
            user = System.getProperty("user.name");
        }
        return Path.of(temp, "jacorn-" + user);
    }
}
