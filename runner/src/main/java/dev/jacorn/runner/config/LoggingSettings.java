package dev.jacorn.runner.config;

import java.nio.file.Path;
import java.util.List;

/** Settings of the "Logging" section: the error log, the access log. Registered in {@link Settings#ALL}. */
public final class LoggingSettings {

    private LoggingSettings() {
    }

    public static final Setting<String> LOG_LEVEL = Setting.single("log-level", LoggingSettings::level)
            .section(Section.LOGGING).metavar("LEVEL").defaultValue("info")
            .help("The error log's level: trace, debug, info, warning (or warn) or error (or critical, as Gunicorn"
                    + " says).")
            .build();

    public static final Setting<Path> LOG_CONFIG = Setting.single("log-config", Parsers::existingFile)
            .section(Section.LOGGING).metavar("FILE")
            .help("A logback XML file that replaces the built-in logging configuration; --log-level and"
                    + " --error-logfile then do not apply.")
            .build();

    public static final Setting<String> ERROR_LOGFILE = Setting.single("error-logfile", Parsers::logFile)
            .section(Section.LOGGING).metavar("FILE").defaultValue("-")
            .help("Where the error log goes: a file (appended to, reopened on SIGUSR1) or - for stderr.")
            .build();

    public static final Setting<String> ACCESS_LOGFILE = Setting.single("access-logfile", Parsers::logFile)
            .section(Section.LOGGING).metavar("FILE")
            .help("Where the access log goes: a file (appended to, reopened on SIGUSR1) or - for stdout;"
                    + " no access log when unset.")
            .build();

    public static final Setting<AccessLogFormat> ACCESS_LOGFORMAT = Setting.single("access-logformat",
                    AccessLogFormat::parse)
            .section(Section.LOGGING).metavar("FORMAT").defaultValue(AccessLogFormat.parse("combined"))
            .help("The access log line, in Gunicorn's atoms (%(h)s %(t)s \"%(r)s\" %(s)s ..., %({Header}i)s,"
                    + " %({Header}o)s) or the names common and combined.")
            .build();

    public static final Setting<Boolean> ACCESS_LOG_JSON = Setting.flag("access-log-json")
            .section(Section.LOGGING).defaultValue(false)
            .help("Write the access log as one JSON object a line, with fixed field names, instead of"
                    + " --access-logformat.")
            .build();

    /** One of the five levels, with Gunicorn's and logback's other names: warn is warning, critical is error. */
    private static String level(String raw) {
        String lower = raw.toLowerCase(java.util.Locale.ROOT);
        return switch (lower) {
            case "warn" -> "warning";
            case "critical", "fatal" -> "error";
            default -> Parsers.choice("trace", "debug", "info", "warning", "error").apply(lower);
        };
    }

    static final List<Setting<?>> ALL = List.of(LOG_LEVEL, LOG_CONFIG, ERROR_LOGFILE, ACCESS_LOGFILE,
            ACCESS_LOGFORMAT, ACCESS_LOG_JSON);
}
