package dev.jacorn.runner.config;

import java.util.List;

/**
 * Settings of WebSocket sessions, for applications that use Jakarta WebSocket (listed in the
 * "Server socket" section). Registered in {@link Settings#ALL}.
 */
public final class WebSocketSettings {

    private WebSocketSettings() {
    }

    public static final Setting<Long> WEBSOCKET_MAX_MESSAGE = Setting.single("websocket-max-message",
                    WebSocketSettings::messageBytes)
            .section(Section.SERVER).metavar("SIZE").defaultValue(() -> 64L * 1024, "64k")
            .help("Largest WebSocket message an endpoint receives, in bytes or with k, m (1024-based); a bigger"
                    + " one closes the session with 1009.")
            .build();

    public static final Setting<Double> WEBSOCKET_IDLE_TIMEOUT = Setting.single("websocket-idle-timeout",
                    Parsers::seconds)
            .section(Section.SERVER).metavar("SECONDS").defaultValue(300.0)
            .help("A WebSocket session with no frame either way for this long is closed; 0 = never.")
            .build();

    public static final Setting<Boolean> WEBSOCKET_COMPRESSION = Setting.flag("websocket-compression")
            .section(Section.SERVER).defaultValue(true)
            .help("Offer permessage-deflate to WebSocket clients that ask for it.")
            .build();

    static final List<Setting<?>> ALL = List.of(WEBSOCKET_MAX_MESSAGE, WEBSOCKET_IDLE_TIMEOUT, WEBSOCKET_COMPRESSION);

    private static long messageBytes(String raw) {
        long value = ServerSettings.bytes(raw);
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("it must be between 1 and 2g - 1 bytes (for example 64k)");
        }
        return value;
    }
}
