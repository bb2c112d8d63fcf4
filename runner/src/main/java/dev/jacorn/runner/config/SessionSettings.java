package dev.jacorn.runner.config;

import java.util.List;

/** Settings of the "Sessions" section: where HTTP sessions live and how their cookie is flagged. Registered in {@link Settings#ALL}. */
public final class SessionSettings {

    private SessionSettings() {
    }

    public static final Setting<SessionStoreAddress> SESSION_STORE = Setting.single("session-store",
                    SessionStoreAddress::parse)
            .section(Section.SESSIONS).metavar("STORE").defaultValue(() -> SessionStoreAddress.MEMORY, "memory")
            .help("Where sessions live, shared by every worker of an application: memory (this process), or"
                    + " redis://[:PASSWORD@]HOST:PORT[/DB] (rediss:// for TLS) to share them between hosts.")
            .build();

    public static final Setting<SessionStoreAddress.Secret> SESSION_STORE_PASSWORD = Setting.single(
                    "session-store-password", SessionStoreAddress.Secret::new)
            .section(Section.SESSIONS).metavar("PASSWORD")
            .help("Password of the Redis session store when its URL has none; best given as the environment"
                    + " variable JACORN_SESSION_STORE_PASSWORD.")
            .build();

    public static final Setting<Boolean> SESSION_PERSIST = Setting.flag("session-persist")
            .section(Section.SESSIONS).defaultValue(false)
            .help("With the memory store: save the sessions to a private file under --work-dir when Jacorn stops,"
                    + " and load them at the next start.")
            .build();

    public static final Setting<Integer> MAX_SESSIONS = Setting.single("max-sessions", Parsers.integer(0, Integer.MAX_VALUE))
            .section(Section.SESSIONS).metavar("N").defaultValue(SessionSettings::defaultMaxSessions,
                    "one per 16 KiB of the heap the JVM can use, at least 1000")
            .help("The most sessions each application keeps; past it the sessions whose client never came back are"
                    + " dropped first, oldest first, then (memory store) the longest idle. With Redis it bounds the"
                    + " sessions whose client never came back, across all hosts. 0 = no limit.")
            .build();

    public static final Setting<String> SESSION_COOKIE_SAMESITE = Setting.single("session-cookie-samesite",
                    Parsers.choice("Lax", "Strict", "None", "off"))
            .section(Section.SESSIONS).metavar("MODE").defaultValue("Lax")
            .help("SameSite attribute of the session cookie (Lax, Strict, None, or off for none); an application"
                    + " that sets one itself keeps its own.")
            .build();

    static final List<Setting<?>> ALL = List.of(SESSION_STORE, SESSION_STORE_PASSWORD, SESSION_PERSIST, MAX_SESSIONS,
            SESSION_COOKIE_SAMESITE);

    /**
     * One session per 16 KiB of this JVM's heap (32,768 with -Xmx512m): a flood of clients that keep no
     * cookie, each of whose requests makes an empty session (about 200 bytes), then holds about 1 % of
     * the heap, and real sessions of 4 KiB on average at most a quarter of it.
     */
    static int defaultMaxSessions() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1_000, Runtime.getRuntime().maxMemory() / 16_384));
    }
}
