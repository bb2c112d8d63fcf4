package dev.jacorn.adapter;

import java.time.Duration;

/**
 * How the WebSocket sessions of a deployment are bounded.
 *
 * @param maxMessageBytes largest text or binary message an endpoint receives whole; a bigger one
 *     closes the session with 1009 (message too big)
 * @param idleTimeout a session with no frame in either direction for this long is closed; zero
 *     for never
 * @param compression whether permessage-deflate is offered to clients that ask for it
 */
public record WebSocketLimits(int maxMessageBytes, Duration idleTimeout, boolean compression) {

    /** The defaults of the runner's settings: 64 KiB messages, 5 minutes idle, compression on. */
    public static final WebSocketLimits DEFAULTS = new WebSocketLimits(64 * 1024, Duration.ofMinutes(5), true);

    public WebSocketLimits {
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idleTimeout must not be negative: " + idleTimeout);
        }
    }
}
