package dev.jacorn.runner.server;

import dev.jacorn.adapter.ConfidentialTransport;
import dev.jacorn.runner.config.AddressRange;
import dev.jacorn.runner.config.IpLiteral;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Believes one family of forwarding headers ({@code --forwarded-headers}): {@code X-Forwarded-For}/
 * {@code -Proto}/{@code -Host}/{@code -Port} (what nginx sends, the default) or {@code Forwarded}
 * (RFC 7239), and only when the peer is a trusted proxy ({@code --forwarded-allow-ips}); then it
 * rewrites the exchange so that the servlet API ({@code getRemoteAddr}, {@code getScheme},
 * {@code isSecure}, {@code getServerName}, {@code getServerPort}, absolute redirects) describes
 * the client's request instead of the proxy's. The other family is ignored entirely, so a client
 * cannot slip in a header the proxy does not know to overwrite.
 *
 * <p>The client address is found as nginx's {@code real_ip_recursive} and Tomcat's
 * {@code RemoteIpValve} do: walk the address list from the right (the hop nearest to us), skip
 * addresses that are themselves trusted, and take the first one that is not; a client cannot
 * spoof it by sending its own {@code X-Forwarded-For}, because the proxy appends the address it
 * saw. Addresses are parsed as literals ({@link IpLiteral}), never looked up. From an untrusted
 * peer these headers change nothing (the application can still read them).
 *
 * <p>A request the proxy describes loses the HTTPS port {@link ConnectionScheme} attached: the
 * client reached the proxy, not Jacorn's listener, so a {@code CONFIDENTIAL} constraint on it
 * answers 403 rather than redirect to a port the client cannot see.
 *
 * <p>Runs on I/O threads; immutable.
 */
public final class ForwardedHeaders implements HttpHandler {

    /** Which headers are believed ({@code --forwarded-headers}). */
    public enum Family {
        /** {@code X-Forwarded-For}, {@code -Proto}, {@code -Host}, {@code -Port}. */
        X_FORWARDED,
        /** {@code Forwarded} (RFC 7239). */
        FORWARDED;

        /** {@code x-forwarded} or {@code forwarded}, as the setting writes it. */
        public static Family of(String setting) {
            return setting.equalsIgnoreCase("forwarded") ? FORWARDED : X_FORWARDED;
        }
    }

    private static final HttpString FORWARDED = new HttpString("Forwarded");
    private static final HttpString X_FORWARDED_FOR = new HttpString("X-Forwarded-For");
    private static final HttpString X_FORWARDED_PROTO = new HttpString("X-Forwarded-Proto");
    private static final HttpString X_FORWARDED_HOST = new HttpString("X-Forwarded-Host");
    private static final HttpString X_FORWARDED_PORT = new HttpString("X-Forwarded-Port");

    private final Family family;
    private final List<AddressRange> trusted;
    private final HttpHandler next;

    public ForwardedHeaders(Family family, List<AddressRange> trusted, HttpHandler next) {
        this.family = family;
        this.trusted = List.copyOf(trusted);
        this.next = next;
    }

    /** What one request's proxies said about the client. */
    record Hop(List<String> clients, String proto, String host, String port) {
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        HeaderMap headers = exchange.getRequestHeaders();
        boolean present = family == Family.FORWARDED ? headers.contains(FORWARDED) : hasXForwarded(headers);
        // Most requests carry none of these headers: then there is nothing to believe, and the
        // peer's address is not even looked at.
        if (present && isTrustedPeer(exchange)) {
            exchange.removeAttachment(ConfidentialTransport.HTTPS_PORT);
            apply(exchange, family == Family.FORWARDED ? fromForwarded(exchange) : fromXForwarded(exchange));
        }
        next.handleRequest(exchange);
    }

    private static boolean hasXForwarded(HeaderMap headers) {
        return headers.contains(X_FORWARDED_FOR) || headers.contains(X_FORWARDED_PROTO)
                || headers.contains(X_FORWARDED_HOST) || headers.contains(X_FORWARDED_PORT);
    }

    private boolean isTrustedPeer(HttpServerExchange exchange) {
        InetSocketAddress peer = exchange.getSourceAddress();
        return peer != null && peer.getAddress() != null && isTrusted(peer.getAddress());
    }

    boolean isTrusted(InetAddress address) {
        for (AddressRange range : trusted) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static Hop fromXForwarded(HttpServerExchange exchange) {
        List<String> clients = new ArrayList<>();
        for (String value : exchange.getRequestHeaders().get(X_FORWARDED_FOR) == null
                ? List.<String>of() : exchange.getRequestHeaders().get(X_FORWARDED_FOR)) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    clients.add(item.strip());
                }
            }
        }
        return new Hop(clients, last(exchange, X_FORWARDED_PROTO), last(exchange, X_FORWARDED_HOST),
                last(exchange, X_FORWARDED_PORT));
    }

    /** The last (nearest proxy's) item of a possibly comma-separated header. */
    private static String last(HttpServerExchange exchange, HttpString name) {
        String value = exchange.getRequestHeaders().getLast(name);
        if (value == null) {
            return null;
        }
        String[] items = value.split(",");
        String item = items[items.length - 1].strip();
        return item.isEmpty() ? null : item;
    }

    /** {@code Forwarded: for=192.0.2.60;proto=https;host=example.com, for="[2001:db8::1]:4711"}. */
    static Hop fromForwarded(HttpServerExchange exchange) {
        List<String> clients = new ArrayList<>();
        String proto = null;
        String host = null;
        for (String value : exchange.getRequestHeaders().get(FORWARDED)) {
            for (String element : value.split(",")) {
                for (String pair : element.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq < 0) {
                        continue;
                    }
                    String key = pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                    String val = unquote(pair.substring(eq + 1).strip());
                    switch (key) {
                        case "for" -> clients.add(val);
                        case "proto" -> proto = val;
                        case "host" -> host = val;
                        default -> { }
                    }
                }
            }
        }
        return new Hop(clients, proto, host, null);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    private void apply(HttpServerExchange exchange, Hop hop) {
        InetSocketAddress client = client(hop.clients());
        if (client != null) {
            exchange.setSourceAddress(client);
        }
        String scheme = hop.proto() == null ? null : hop.proto().toLowerCase(Locale.ROOT);
        if ("http".equals(scheme) || "https".equals(scheme)) {
            exchange.setRequestScheme(scheme);
        }
        String host = hop.host();
        String port = hop.port() != null && hop.port().matches("\\d{1,5}") ? hop.port() : null;
        if (host != null && isHost(host)) {
            if (port != null) {
                host = withoutPort(host) + ":" + port;
            }
            exchange.getRequestHeaders().put(Headers.HOST, host);
        } else if (port != null) {
            exchange.getRequestHeaders().put(Headers.HOST, withoutPort(exchange.getHostName()) + ":" + port);
        }
        int shownPort = exchange.getHostPort();
        InetSocketAddress local = exchange.getDestinationAddress();
        if (local != null && shownPort > 0 && shownPort != local.getPort()) {
            exchange.setDestinationAddress(new InetSocketAddress(local.getAddress(), shownPort));
        }
    }

    /** The right-most address that is not a trusted proxy; the left-most if all are trusted. */
    private InetSocketAddress client(List<String> chain) {
        InetSocketAddress found = null;
        for (int i = chain.size() - 1; i >= 0; i--) {
            InetSocketAddress address = address(chain.get(i));
            if (address == null) {
                break; // "unknown", an obfuscated id or garbage: stop believing what lies beyond
            }
            found = address;
            if (!isTrusted(address.getAddress())) {
                break;
            }
        }
        return found;
    }

    /** {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}, {@code 2001:db8::1}; else null. */
    static InetSocketAddress address(String text) {
        String host = text;
        int port = 0;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = text.substring(1, close);
            port = portAfter(text.substring(close + 1));
        } else if (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = portAfter(text.substring(text.indexOf(':')));
        }
        byte[] bytes = IpLiteral.parse(host);
        if (bytes == null) {
            return null;
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(bytes), Math.max(port, 0));
        } catch (UnknownHostException e) {
            return null; // only for a byte count other than 4 or 16, which IpLiteral never returns
        }
    }

    private static int portAfter(String rest) {
        if (rest.startsWith(":") && rest.substring(1).matches("\\d{1,5}")) {
            int port = Integer.parseInt(rest.substring(1));
            return port <= 65535 ? port : 0;
        }
        return 0;
    }

    /** A host name or address with an optional port, and nothing that could split a header or a URL. */
    private static boolean isHost(String host) {
        return host.matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+\\](:\\d{1,5})?");
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close < 0 ? host : host.substring(0, close + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 || host.indexOf(':') != host.lastIndexOf(':') ? host : host.substring(0, colon);
    }
}
