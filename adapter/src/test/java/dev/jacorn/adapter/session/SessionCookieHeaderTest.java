package dev.jacorn.adapter.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.server.CookieStore;
import io.undertow.server.handlers.Cookie;
import io.undertow.util.Cookies;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xnio.OptionMap;

/**
 * The session cookie read from the plain header gives what Undertow's own parse gives, or leaves the
 * header to that parse.
 */
class SessionCookieHeaderTest {

    private static final String NAME = "JSESSIONID";

    private static HeaderValues cookieHeaders(String... fields) {
        HeaderMap headers = new HeaderMap();
        for (String field : fields) {
            headers.add(Headers.COOKIE, field);
        }
        return headers.get(Headers.COOKIE);
    }

    /** What {@code exchange.getRequestCookie(NAME)} answers for these header fields. */
    private static String undertows(HeaderValues fields) {
        CookieStore store = new CookieStore();
        Cookies.parseRequestCookies(List.copyOf(fields), store, OptionMap.EMPTY);
        for (Cookie cookie : store) {
            if (cookie.getName().equals(NAME)) {
                return cookie.getValue();
            }
        }
        return null;
    }

    @Test
    void readsThePlainHeadersBrowsersSend() {
        assertEquals("abc-DEF_123", SessionCookieHeader.value(cookieHeaders("JSESSIONID=abc-DEF_123"), NAME));
        assertEquals("s1", SessionCookieHeader.value(cookieHeaders("_ga=GA1.1.42.1700000000; JSESSIONID=s1; theme=dark"), NAME));
        assertEquals("s1", SessionCookieHeader.value(cookieHeaders("a=1;JSESSIONID=s1;"), NAME));
        assertEquals("node1:s1", SessionCookieHeader.value(cookieHeaders("JSESSIONID=node1:s1"), NAME));
        assertEquals("", SessionCookieHeader.value(cookieHeaders("JSESSIONID=; a=1"), NAME));
        // HTTP/2 clients may send each cookie as a field of its own.
        assertEquals("s2", SessionCookieHeader.value(cookieHeaders("a=1", "JSESSIONID=s2", "b=2"), NAME));
        assertNull(SessionCookieHeader.value(cookieHeaders("a=1; jsessionid=lower; JSESSIONIDX=longer"), NAME));
        assertNull(SessionCookieHeader.value(null, NAME));
    }

    @Test
    void leavesEveryOtherFormToUndertow() {
        for (String header : List.of("JSESSIONID=\"quoted\"", "$Version=1; JSESSIONID=s", "JSESSIONID=a=b",
                "JSESSIONID=s1; JSESSIONID=s2", "JSESSIONID=s ; a=1", "JSESSIONID=a,b", "JSESSIONID = s",
                "JSESSIONID=s/1", "flag; JSESSIONID=s", "=x; JSESSIONID=s", "JSESSIONID=caf\u00e9")) {
            assertSame(SessionCookieHeader.UNREAD, SessionCookieHeader.value(cookieHeaders(header), NAME), header);
        }
        StringBuilder many = new StringBuilder("JSESSIONID=s");
        for (int i = 0; i < SessionCookieHeader.MAX_PAIRS; i++) {
            many.append("; c").append(i).append("=v");
        }
        assertSame(SessionCookieHeader.UNREAD, SessionCookieHeader.value(cookieHeaders(many.toString()), NAME));
    }

    /**
     * Generated headers, of random pieces and of pairs with random corruptions, over an alphabet of
     * every character Undertow's parser treats specially: where the header is read here, the value
     * is Undertow's; and a good share of them, and every realistic one, is read here.
     */
    @Test
    void agreesWithUndertowsParserOnGeneratedHeaders() {
        Random random = new Random(20261207);
        int read = 0;
        for (int n = 0; n < 200_000; n++) {
            String header = n % 2 == 0 ? pieces(random) : pairs(random);
            HeaderValues fields = random.nextInt(4) == 0
                    ? cookieHeaders(header, "b=" + random.nextInt(9)) : cookieHeaders(header);
            String ours = SessionCookieHeader.value(fields, NAME);
            if (ours == SessionCookieHeader.UNREAD) {
                continue;
            }
            read++;
            String theirs;
            try {
                theirs = undertows(fields);
            } catch (RuntimeException e) {
                throw new AssertionError("Undertow fails on a header read here: " + fields, e);
            }
            assertEquals(theirs, ours, () -> "header " + fields);
        }
        assertTrue(read > 15_000, "only " + read + " generated headers were plain");
        for (int n = 0; n < 10_000; n++) {
            HeaderValues fields = cookieHeaders("_ga=GA1.1." + random.nextInt() + "; " + NAME + "="
                    + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "; theme=t" + n);
            assertEquals(undertows(fields), SessionCookieHeader.value(fields, NAME), () -> "header " + fields);
        }
    }

    private static final String[] PIECES = {NAME, NAME, "a", "_ga", "$Version", "$Path", "=", "=", "=", ";", "; ",
        " ", "\t", "\"", ",", ":", "/", "\\", "(", "@", "{", "x1", "GA1.2", "-_~", "!#$%&'*+.^`|", "\u00e9", "\u007f", ""};
    private static final String[] NAMES = {NAME, NAME, NAME, "a", "_ga", "theme", "_gid", "$Version", "", "JSESSIONIDX", "jsessionid"};
    private static final String[] SEPARATORS = {";", "; ", "; ", ";;", " ;", ",", "\t;", ";\t", " "};
    private static final String VALUE_CHARS = "abcXYZ019-_.~!#$%&'*+^`|:=\",;/\\()@{} \t\u00e9";

    private static String pieces(Random random) {
        StringBuilder header = new StringBuilder();
        for (int i = 1 + random.nextInt(12); i > 0; i--) {
            header.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return header.toString();
    }

    /** One to six pairs; a character of a value is one of the specials one time in forty. */
    private static String pairs(Random random) {
        StringBuilder header = new StringBuilder();
        for (int i = 1 + random.nextInt(6); i > 0; i--) {
            header.append(NAMES[random.nextInt(NAMES.length)]).append(random.nextInt(20) == 0 ? "" : "=");
            for (int c = random.nextInt(10); c > 0; c--) {
                header.append(random.nextInt(40) == 0 ? VALUE_CHARS.charAt(random.nextInt(VALUE_CHARS.length()))
                        : VALUE_CHARS.charAt(random.nextInt(13)));
            }
            if (i > 1 || random.nextInt(4) == 0) {
                header.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
            }
        }
        return header.toString();
    }
}
