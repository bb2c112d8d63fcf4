package dev.jacorn.runner.config;

import java.util.List;

/** Settings of the "Logging" section: the error log, the access log. Registered in {@link Settings#ALL}. */
public final class LoggingSettings {

    private LoggingSettings() {
    }

    public static final Setting<String> LOG_LEVEL = Setting.single("log-level",
                    Parsers.choice("trace", "debug", "info", "warning", "error"))
            .section(Section.LOGGING).metavar("LEVEL").defaultValue("info")
            .help("The error log's level: trace, debug, info, warning or error.")
            .build();

    static final List<Setting<?>> ALL = List.of(LOG_LEVEL);
}
