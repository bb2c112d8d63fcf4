package dev.jacorn.runner.observe;

import dev.jacorn.runner.config.AccessLogFormat;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats one access log line per request, in {@code --access-logformat} (Gunicorn's atoms) or
 * as one JSON object ({@code --access-log-json}), and writes it to the {@value Logging#ACCESS_LOGGER}
 * logger. Called on the thread that completes the exchange; keeps no state but the format.
 *
 * <p>Values that come from the client are escaped as Apache does ({@code "} and {@code \} get a
 * backslash, control characters become {@code \xHH}), so a line cannot be forged or split.
 */
public final class AccessLog {

    private static final DateTimeFormatter CLF_TIME = DateTimeFormatter.ofPattern("'['dd/MMM/yyyy:HH:mm:ss Z']'",
            Locale.ENGLISH);
    private static final long PID = ProcessHandle.current().pid();

    private final AccessLogFormat format;
    private final boolean json;
    private final ZoneId zone;
    private final Map<String, String> environment;
    private final Logger logger = LoggerFactory.getLogger(Logging.ACCESS_LOGGER);
    /** The last formatted {@code %(t)s}: requests of the same second share it. */
    private volatile ClfSecond lastSecond = new ClfSecond(Long.MIN_VALUE, "");

    private record ClfSecond(long epochSecond, String text) {
    }

    public AccessLog(AccessLogFormat format, boolean json, ZoneId zone, Map<String, String> environment) {
        this.format = format;
        this.json = json;
        this.zone = zone;
        this.environment = Map.copyOf(environment);
    }

    void write(RequestFacts facts) {
        logger.info(json ? json(facts) : line(facts));
    }

    /** The line in the configured format. */
    public String line(RequestFacts facts) {
        StringBuilder line = new StringBuilder(128);
        for (AccessLogFormat.Part part : format.parts()) {
            line.append(part.atom() == null ? part.literal() : escape(atom(part, facts)));
        }
        return line.toString();
    }

    private String atom(AccessLogFormat.Part part, RequestFacts f) {
        String atom = part.atom();
        switch (atom) {
            case "i":
                return dash(f.requestHeader(part.argument()));
            case "o":
                return dash(f.responseHeader(part.argument()));
            case "e":
                return dash(environment.get(part.argument()));
            default:
                return simple(atom, f);
        }
    }

    private String simple(String atom, RequestFacts f) {
        long micros = f.durationNanos() / 1_000;
        return switch (atom) {
            case "h" -> dash(f.remoteAddress());
            case "l" -> "-";
            case "u" -> dash(f.user());
            case "t" -> clfTime(f.startEpochMillis());
            case "r" -> f.method() + " " + target(f) + " " + f.protocol();
            case "m" -> f.method();
            case "U" -> f.path();
            case "q" -> f.query();
            case "H" -> f.protocol();
            case "s" -> Integer.toString(f.status());
            case "B" -> Long.toString(f.bytes());
            case "b" -> f.bytes() == 0 ? "-" : Long.toString(f.bytes());
            case "f" -> dash(f.requestHeader("Referer"));
            case "a" -> dash(f.requestHeader("User-Agent"));
            case "T" -> Long.toString(micros / 1_000_000);
            case "M" -> Long.toString(micros / 1_000);
            case "D" -> Long.toString(micros);
            case "L" -> String.format(Locale.ROOT, "%d.%06d", micros / 1_000_000, micros % 1_000_000);
            case "p" -> "<" + PID + ">";
            default -> "-";
        };
    }

    private String clfTime(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        ClfSecond cached = lastSecond;
        if (cached.epochSecond() != second) {
            cached = new ClfSecond(second, CLF_TIME.format(Instant.ofEpochSecond(second).atZone(zone)));
            lastSecond = cached;
        }
        return cached.text();
    }

    /** One JSON object with fixed member names; absent values are null. */
    public String json(RequestFacts f) {
        StringBuilder json = new StringBuilder(256).append('{');
        member(json, "time", Instant.ofEpochMilli(f.startEpochMillis()).atZone(zone)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)).append(',');
        member(json, "remote_addr", f.remoteAddress()).append(',');
        member(json, "user", f.user()).append(',');
        member(json, "method", f.method()).append(',');
        member(json, "path", f.path()).append(',');
        member(json, "query", f.query().isEmpty() ? null : f.query()).append(',');
        member(json, "protocol", f.protocol()).append(',');
        json.append("\"status\":").append(f.status()).append(',');
        json.append("\"bytes\":").append(f.bytes()).append(',');
        member(json, "referer", f.requestHeader("Referer")).append(',');
        member(json, "user_agent", f.requestHeader("User-Agent")).append(',');
        json.append("\"duration_us\":").append(f.durationNanos() / 1_000).append(',');
        json.append("\"pid\":").append(PID);
        return json.append('}').toString();
    }

    private static StringBuilder member(StringBuilder json, String name, String value) {
        json.append('"').append(name).append("\":");
        if (value == null) {
            return json.append("null");
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (c < 0x20) {
                json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                json.append(c);
            }
        }
        return json.append('"');
    }

    private static String target(RequestFacts f) {
        return f.query().isEmpty() ? f.path() : f.path() + "?" + f.query();
    }

    private static String dash(String value) {
        return value == null || value.isEmpty() ? "-" : value;
    }

    private static String escape(String value) {
        StringBuilder escaped = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean plain = c >= 0x20 && c != 0x7f && c != '"' && c != '\\';
            if (!plain && escaped == null) {
                escaped = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (escaped != null) {
                if (plain) {
                    escaped.append(c);
                } else if (c == '"' || c == '\\') {
                    escaped.append('\\').append(c);
                } else {
                    escaped.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
                }
            }
        }
        return escaped == null ? value : escaped.toString();
    }
}
