package dev.jacorn.adapter.session;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.session.SessionConfig;
import io.undertow.servlet.spec.SessionCookieConfigImpl;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

/**
 * The session cookie's value read straight from the request's {@code Cookie} header, without
 * Undertow's parse of every cookie into a store (5 % of the CPU samples of a request that reads
 * its session, most of it building cookie objects that nothing else asks for).
 *
 * <p>Only for the plain form browsers send, {@code name=value} pairs separated by {@code ;} and
 * blanks, where names are RFC 9110 tokens not starting with {@code $} and values are tokens or
 * {@code :} characters, at most {@value #MAX_PAIRS} pairs, the session cookie at most once. On
 * that form Undertow's parser yields exactly the same value (every character its state machine
 * treats specially, quotes, {@code =}, {@code ,}, separators, {@code $}-attributes, is outside
 * it; {@code SessionCookieHeaderTest} compares the two on generated headers). Anything else
 * Undertow parses as before. A handler that changed the request's cookies through Undertow's API
 * rather than its header would not be seen; nothing in Jacorn or the servlet API does.
 */
final class SessionCookieHeader {

    /** The header is not in the plain form: Undertow must parse it. */
    static final String UNREAD = new String("unread");

    /** Far below Undertow's default limit of 200 cookies, past which its parse fails the request. */
    static final int MAX_PAIRS = 64;

    private SessionCookieHeader() {
    }

    /**
     * What {@code cookies.findSessionId(exchange)} answers: the session cookie's value, else the
     * fallback's (the {@code jsessionid} path parameter when URL tracking is on).
     */
    static String sessionId(HttpServerExchange exchange, SessionCookieConfigImpl cookies) {
        String value = value(exchange.getRequestHeaders().get(Headers.COOKIE), cookies.getName());
        if (value == UNREAD) {
            return cookies.findSessionId(exchange);
        }
        if (value != null) {
            return value;
        }
        SessionConfig fallback = cookies.getFallback();
        return fallback == null ? null : fallback.findSessionId(exchange);
    }

    /**
     * The value of cookie {@code name} in {@code headers} (every {@code Cookie} field of the
     * request, or null when it sent none); null when the headers are plain and do not name it;
     * {@link #UNREAD} (compare by identity) when they are not plain.
     */
    static String value(HeaderValues headers, String name) {
        if (headers == null) {
            return null;
        }
        String found = null;
        int pairs = 0;
        for (int h = 0; h < headers.size(); h++) {
            String header = headers.get(h);
            int length = header.length();
            int i = 0;
            while (true) {
                while (i < length && isBlankOrSemicolon(header.charAt(i))) {
                    i++;
                }
                if (i == length) {
                    break;
                }
                int nameStart = i;
                while (i < length && isToken(header.charAt(i))) {
                    i++;
                }
                if (i == nameStart || i == length || header.charAt(i) != '=' || header.charAt(nameStart) == '$'
                        || ++pairs > MAX_PAIRS) {
                    return UNREAD;
                }
                int nameEnd = i++;
                int valueStart = i;
                while (i < length && (isToken(header.charAt(i)) || header.charAt(i) == ':')) {
                    i++;
                }
                if (i < length && header.charAt(i) != ';') {
                    return UNREAD;
                }
                if (nameEnd - nameStart == name.length() && header.startsWith(name, nameStart)) {
                    if (found != null) {
                        return UNREAD;
                    }
                    found = header.substring(valueStart, i);
                }
            }
        }
        return found;
    }

    private static boolean isBlankOrSemicolon(char c) {
        return c == ' ' || c == '\t' || c == ';';
    }

    /** RFC 9110 {@code tchar}: letters, digits and {@code !#$%&'*+-.^_`|~}. */
    static boolean isToken(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return switch (c) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
            default -> false;
        };
    }
}
