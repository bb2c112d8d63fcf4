package dev.jacorn.runner.config;

import java.nio.file.Path;
import java.util.List;

/** Settings of the "Operations" section: config file, metrics, health, pid file. Registered in {@link Settings#ALL}. */
public final class OperationsSettings {

    private OperationsSettings() {
    }

    public static final Setting<Path> PID = Setting.single("pid", Parsers::path)
            .section(Section.OPERATIONS).metavar("FILE")
            .help("Write the process id to FILE at start-up and remove it at exit.")
            .build();

    static final List<Setting<?>> ALL = List.of(PID);
}
