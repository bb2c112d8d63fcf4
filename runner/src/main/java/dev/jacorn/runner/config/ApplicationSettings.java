package dev.jacorn.runner.config;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

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
            .defaultValue(() -> Path.of(System.getProperty("java.io.tmpdir"), "jacorn-" + System.getProperty("user.name")),
                    "$TMPDIR/jacorn-$USER")
            .help("Where packed WARs are unpacked; an unchanged WAR reuses its directory.")
            .build();

    public static final Setting<Path> USERS = Setting.single("users", Parsers::path)
            .section(Section.APPLICATION).metavar("FILE")
            .help("Realm file of users, password hashes and roles for the applications' declarative security;"
                    + " without it, protected resources are refused.")
            .build();

    static final List<Setting<?>> ALL = List.of(CLASSPATH, WORK_DIR, USERS);
}
