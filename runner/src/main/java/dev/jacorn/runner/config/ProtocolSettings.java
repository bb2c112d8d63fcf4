package dev.jacorn.runner.config;

import java.util.List;

/**
 * Settings of the "Server socket" section that bound what one connection may ask of the server
 * over HTTP/2 and how long a request body may take; registered in {@link Settings#ALL} right after
 * {@link ServerSettings}. Each default follows a named peer (Tomcat, Jetty, nginx or Undertow), as
 * the README's security section lists.
 */
public final class ProtocolSettings {

    private ProtocolSettings() {
    }

    public static final Setting<Boolean> H2C_UPGRADE = Setting.flag("h2c-upgrade")
            .section(Section.SERVER).defaultValue(false)
            .help("Accept 'Upgrade: h2c' on cleartext HTTP/1.1 (never over TLS); off as in Tomcat and Jetty,"
                    + " since a proxy that passes Upgrade on lets a client smuggle requests past it.")
            .build();

    public static final Setting<Integer> HTTP2_MAX_CONCURRENT_STREAMS = Setting.single("http2-max-concurrent-streams",
                    Parsers.integer(1, 65_535))
            .section(Section.SERVER).metavar("N").defaultValue(100)
            .help("Most HTTP/2 streams open at once on one connection (as Tomcat); a stream beyond is reset with"
                    + " REFUSED_STREAM.")
            .build();

    public static final Setting<Integer> HTTP2_MAX_HEADER_LIST_SIZE = Setting.single("http2-max-header-list-size",
                    Parsers.integer(1024, 16 * 1024 * 1024))
            .section(Section.SERVER).metavar("BYTES").defaultValue(65_536)
            .help("Largest HTTP/2 header block, decoded, counting 32 bytes per field as RFC 7541 does; larger"
                    + " is refused.")
            .build();

    public static final Setting<Integer> HTTP2_MAX_RESETS = Setting.single("http2-max-resets", Parsers.integer(1, 1_000_000))
            .section(Section.SERVER).metavar("N").defaultValue(200)
            .help("Most RST_STREAM frames a client may send on one connection in 30 s, whatever the stream's state"
                    + " (Rapid Reset); more gets GOAWAY ENHANCE_YOUR_CALM.")
            .build();

    public static final Setting<Integer> HTTP2_MAX_CONTROL_FRAMES = Setting.single("http2-max-control-frames",
                    Parsers.integer(1, 10_000_000))
            .section(Section.SERVER).metavar("N").defaultValue(200)
            .help("Most PING, SETTINGS, PRIORITY and empty DATA, HEADERS or CONTINUATION frames a client may send on"
                    + " one connection in 10 s (Jetty's 20 a second); more gets GOAWAY ENHANCE_YOUR_CALM.")
            .build();

    public static final Setting<Double> BODY_TIMEOUT = Setting.single("body-timeout", ProtocolSettings::positiveSeconds)
            .section(Section.SERVER).metavar("SECONDS").defaultValue(60.0)
            .help("Longest wait for the next bytes of a request body (as nginx's client_body_timeout); then 408 if"
                    + " nothing was answered yet, and the connection or stream is closed.")
            .build();

    public static final Setting<Long> BODY_BUFFER_SIZE = Setting.single("body-buffer-size", ServerSettings::bytes)
            .section(Section.SERVER).metavar("SIZE")
            .defaultValue(() -> 16L * 1024, "16k")
            .help("Request bodies up to this size are read on the I/O threads before the request takes a thread"
                    + " (as nginx buffers them), so slow uploads cannot hold threads; 0 = off.")
            .build();

    static final List<Setting<?>> ALL = List.of(H2C_UPGRADE, HTTP2_MAX_CONCURRENT_STREAMS, HTTP2_MAX_HEADER_LIST_SIZE,
            HTTP2_MAX_RESETS, HTTP2_MAX_CONTROL_FRAMES, BODY_TIMEOUT, BODY_BUFFER_SIZE);

    private static double positiveSeconds(String raw) {
        double value = Parsers.seconds(raw);
        if (value == 0) {
            throw new IllegalArgumentException("it must be a number of seconds greater than 0");
        }
        return value;
    }
}
