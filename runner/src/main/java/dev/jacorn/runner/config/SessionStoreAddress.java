package dev.jacorn.runner.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The value of {@code --session-store}: {@code memory}, or a Redis server as
 * {@code redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]} ({@code rediss://} for TLS). Printed without
 * its password.
 *
 * @param password from the URL, or null
 */
public record SessionStoreAddress(boolean isRedis, boolean tls, String host, int port, int database, String user,
        String password) {

    public static final SessionStoreAddress MEMORY = new SessionStoreAddress(false, false, null, 0, 0, null, null);

    /** @throws IllegalArgumentException with the reason, worded to follow "is not valid: " */
    public static SessionStoreAddress parse(String raw) {
        if (raw.equalsIgnoreCase("memory")) {
            return MEMORY;
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(usage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss") || uri.getHost() == null) {
            throw new IllegalArgumentException(usage());
        }
        int database = 0;
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the database after the port must be a number, e.g. redis://localhost:6379/0");
            }
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = colon < 0 ? null : decode(info.substring(0, colon));
            password = decode(colon < 0 ? info : info.substring(colon + 1));
            if (user != null && user.isEmpty()) {
                user = null;
            }
        }
        return new SessionStoreAddress(true, scheme.equals("rediss"), uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(),
                database, user, password);
    }

    private static String usage() {
        return "it must be memory, or redis://HOST:PORT[/DB] (rediss:// for TLS)";
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        if (!isRedis) {
            return "memory";
        }
        return (tls ? "rediss://" : "redis://") + host + ":" + port + "/" + database;
    }

    /** A password: printed as stars. */
    public record Secret(String value) {
        @Override
        public String toString() {
            return "********";
        }
    }
}
