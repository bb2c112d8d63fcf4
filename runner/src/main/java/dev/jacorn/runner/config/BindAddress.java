package dev.jacorn.runner.config;

import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * One address to listen on, as written in {@code --bind}: {@code HOST:PORT}, {@code :PORT} (all
 * interfaces), {@code [IPv6]:PORT}, {@code PORT} (loopback) or {@code HOST} / {@code [IPv6]}
 * (port 8000, as Gunicorn), optionally prefixed by
 * {@code http://} or {@code https://}. Port 0 asks the system for a free port.
 *
 * @param scheme {@code http}, {@code https}, or {@code null} when the bind did not say (then
 *     TLS settings decide)
 * @param host a host name or literal address, without brackets
 * @param port 0 to 65535
 */
public record BindAddress(String scheme, String host, int port) {

    private static final String USAGE = "use HOST:PORT, :PORT, [IPv6]:PORT or PORT, for example 127.0.0.1:8000";
    /** The port of a bind that names a host only, as Gunicorn. */
    static final int DEFAULT_PORT = 8000;

    public static BindAddress parse(String raw) {
        String text = raw.strip();
        String scheme = null;
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            scheme = lower.substring(0, lower.indexOf(':'));
            text = text.substring(scheme.length() + 3);
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException(USAGE);
        }
        if (text.chars().allMatch(Character::isDigit)) {
            return new BindAddress(scheme, "127.0.0.1", port(text));
        }
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close == text.length() - 1) {
                return new BindAddress(scheme, text.substring(1, close), DEFAULT_PORT);
            }
            if (close < 0 || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(USAGE);
            }
            return new BindAddress(scheme, text.substring(1, close), port(text.substring(close + 2)));
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0 && text.matches("[A-Za-z0-9.-]+")) {
            return new BindAddress(scheme, text, DEFAULT_PORT); // a host alone: Gunicorn's port 8000
        }
        if (colon < 0 || text.indexOf(':') != colon) {
            throw new IllegalArgumentException(USAGE);
        }
        String host = text.substring(0, colon);
        if (!host.isEmpty() && !host.matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException(USAGE);
        }
        return new BindAddress(scheme, host.isEmpty() ? "0.0.0.0" : host, port(text.substring(colon + 1)));
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // fall through to the one message below
        }
        throw new IllegalArgumentException("the port must be a number from 0 to 65535; " + USAGE);
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** {@code http://127.0.0.1:8000}, with brackets around IPv6 literals. */
    public String url(String effectiveScheme, int actualPort) {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return effectiveScheme + "://" + shownHost + ":" + actualPort;
    }

    @Override
    public String toString() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return (scheme == null ? "" : scheme + "://") + shownHost + ":" + port;
    }
}
