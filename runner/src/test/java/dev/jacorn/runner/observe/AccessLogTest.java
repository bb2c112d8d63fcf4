package dev.jacorn.runner.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jacorn.runner.config.AccessLogFormat;
import io.undertow.util.HeaderMap;
import io.undertow.util.HttpString;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Rendering of known request facts; the end-to-end AccessLogIT checks real requests. */
class AccessLogTest {

    private static final long START = 1_795_860_000_123L; // 2026-11-28 10:00:00.123 UTC
    private static final ZoneId ZONE = ZoneId.of("+01:00");

    static RequestFacts facts(String userAgent, long bytes) {
        HeaderMap request = new HeaderMap();
        request.put(HttpString.tryFromString("Referer"), "http://example.com/from");
        if (userAgent != null) {
            request.put(HttpString.tryFromString("User-Agent"), userAgent);
        }
        request.put(HttpString.tryFromString("X-Id"), "abc");
        HeaderMap response = new HeaderMap();
        response.add(HttpString.tryFromString("Vary"), "Accept");
        response.add(HttpString.tryFromString("Vary"), "Origin");
        return new RequestFacts("10.0.0.7", null, START, "GET", "/hello", "name=Ada", "HTTP/1.1", 200, bytes,
                12_345_678, request, response);
    }

    @Test
    void combinedIsGunicornsDefaultLine() {
        AccessLog log = new AccessLog(AccessLogFormat.parse("combined"), false, ZONE, Map.of());
        assertEquals("10.0.0.7 - - [28/Nov/2026:11:00:00 +0100] \"GET /hello?name=Ada HTTP/1.1\" 200 14"
                + " \"http://example.com/from\" \"curl/8.0\"", log.line(facts("curl/8.0", 14)));
    }

    @Test
    void everyOtherAtomRendersAsGunicornDoes() {
        AccessLog log = new AccessLog(AccessLogFormat.parse(
                "%(m)s|%(U)s|%(q)s|%(H)s|%(B)s|%(b)s|%(T)s|%(M)s|%(D)s|%(L)s|%({x-id}i)s|%({Vary}o)s|%({NOPE}i)s|%({HOME}e)s"),
                false, ZONE, Map.of("HOME", "/home/app"));
        assertEquals("GET|/hello|name=Ada|HTTP/1.1|0|-|0|12|12345|0.012345|abc|Accept, Origin|-|/home/app",
                log.line(facts(null, 0)));
    }

    @Test
    void clientTextIsEscapedSoALineCannotBeForged() {
        AccessLog log = new AccessLog(AccessLogFormat.parse("\"%(a)s\""), false, ZONE, Map.of());
        assertEquals("\"evil\\\" 200 \\\\ \\x1b[31m\"", log.line(facts("evil\" 200 \\ \u001b[31m", 1)));
    }

    @Test
    void jsonHasFixedMembersAndEscapes() {
        AccessLog log = new AccessLog(AccessLogFormat.parse("common"), true, ZONE, Map.of());
        assertEquals("{\"time\":\"2026-11-28T11:00:00.123+01:00\",\"remote_addr\":\"10.0.0.7\",\"user\":null,"
                + "\"method\":\"GET\",\"path\":\"/hello\",\"query\":\"name=Ada\",\"protocol\":\"HTTP/1.1\","
                + "\"status\":200,\"bytes\":14,\"referer\":\"http://example.com/from\",\"user_agent\":\"a\\\"b\","
                + "\"duration_us\":12345,\"pid\":" + ProcessHandle.current().pid() + "}",
                log.json(facts("a\"b", 14)));
    }
}
