package dev.jacorn.runner.config;

import java.util.List;

/** Settings of the "Server socket" section: listeners, TLS, HTTP/2, proxies and limits. Registered in {@link Settings#ALL}. */
public final class ServerSettings {

    private ServerSettings() {
    }

    public static final Setting<List<BindAddress>> BIND = Setting.list("bind", BindAddress::parse)
            .shortName("-b").section(Section.SERVER).metavar("ADDRESS")
            .defaultValue(List.of(new BindAddress(null, "127.0.0.1", 8000)))
            .help("Address to listen on: HOST:PORT, :PORT, [IPv6]:PORT or PORT; repeat for several."
                    + " Port 0 picks a free port.")
            .build();

    static final List<Setting<?>> ALL = List.of(BIND);
}
