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

    public static final Setting<String> SESSION_COOKIE_SAMESITE = Setting.single("session-cookie-samesite",
                    Parsers.choice("Lax", "Strict", "None", "off"))
            .section(Section.SESSIONS).metavar("MODE").defaultValue("Lax")
            .help("SameSite attribute of the session cookie (Lax, Strict, None, or off for none); an application"
                    + " that sets one itself keeps its own.")
            .build();

    static final List<Setting<?>> ALL = List.of(SESSION_STORE, SESSION_STORE_PASSWORD, SESSION_PERSIST,
            SESSION_COOKIE_SAMESITE);
}
