package dev.jacorn.runner.server;

import dev.jacorn.runner.config.Config;
import dev.jacorn.runner.config.ProtocolSettings;

/**
 * What one connection may ask of the server beyond the request limits: the HTTP/2 stream and
 * frame budgets, the h2c upgrade, and how request bodies are read. Read once from the settings.
 *
 * @param h2cUpgrade {@code --h2c-upgrade}
 * @param maxConcurrentStreams {@code --http2-max-concurrent-streams}, advertised and enforced
 * @param maxHeaderListSize {@code --http2-max-header-list-size}, advertised and enforced by Undertow's decoder
 * @param maxResets {@code --http2-max-resets}, RST_STREAM frames per {@link #RESET_WINDOW_MILLIS}
 * @param maxControlFrames {@code --http2-max-control-frames}, per {@link #CONTROL_WINDOW_MILLIS}
 * @param bodyTimeoutMillis {@code --body-timeout}
 * @param bodyBufferBytes {@code --body-buffer-size}, 0 for none
 */
public record ProtocolLimits(boolean h2cUpgrade, int maxConcurrentStreams, int maxHeaderListSize, int maxResets,
                             int maxControlFrames, long bodyTimeoutMillis, long bodyBufferBytes) {

    /** The window {@code --http2-max-resets} counts in: Undertow's own for CVE-2023-44487. */
    public static final long RESET_WINDOW_MILLIS = 30_000;
    /** The window {@code --http2-max-control-frames} counts in. */
    public static final long CONTROL_WINDOW_MILLIS = 10_000;

    public static ProtocolLimits from(Config config) {
        return new ProtocolLimits(config.get(ProtocolSettings.H2C_UPGRADE),
                config.get(ProtocolSettings.HTTP2_MAX_CONCURRENT_STREAMS),
                config.get(ProtocolSettings.HTTP2_MAX_HEADER_LIST_SIZE), config.get(ProtocolSettings.HTTP2_MAX_RESETS),
                config.get(ProtocolSettings.HTTP2_MAX_CONTROL_FRAMES),
                Math.round(config.get(ProtocolSettings.BODY_TIMEOUT) * 1000),
                config.get(ProtocolSettings.BODY_BUFFER_SIZE));
    }
}
