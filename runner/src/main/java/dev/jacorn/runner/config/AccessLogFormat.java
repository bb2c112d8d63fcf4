package dev.jacorn.runner.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An access log line template in Gunicorn's notation: {@code %(h)s %(l)s %(u)s %(t)s "%(r)s"},
 * with {@code %(NAME)s} atoms, {@code %({Header}i)s} / {@code %({Header}o)s} for request and
 * response headers, {@code %({VAR}e)s} for environment variables, and {@code %%} for a percent
 * sign. The names {@code common} and {@code combined} stand for the Apache/NCSA formats.
 * Parsed once at start-up; rendering is {@code observe.AccessLog}'s job.
 *
 * @param text the template as given (the expanded template for {@code common} and {@code combined})
 * @param parts literal text and atoms, in order
 */
public record AccessLogFormat(String text, List<Part> parts) {

    public static final String COMMON = "%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s";
    public static final String COMBINED = COMMON + " \"%(f)s\" \"%(a)s\"";

    /** The one-letter atoms, as Gunicorn names them. */
    public static final Set<String> ATOMS = Set.of("h", "l", "u", "t", "r", "m", "U", "q", "H", "s", "B", "b",
            "f", "a", "T", "M", "D", "L", "p");

    /** Literal text ({@code atom == null}), or an atom with its argument (the header or variable name, else null). */
    public record Part(String literal, String atom, String argument) {
    }

    public AccessLogFormat {
        parts = List.copyOf(parts);
    }

    /**
     * @throws IllegalArgumentException naming the first atom that is not known
     */
    public static AccessLogFormat parse(String raw) {
        String text = switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "common" -> COMMON;
            case "combined" -> COMBINED;
            default -> raw;
        };
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
            } else if (text.startsWith("%%", i)) {
                literal.append('%');
                i += 2;
            } else {
                int close = text.indexOf(")s", i);
                if (!text.startsWith("%(", i) || close < 0) {
                    throw new IllegalArgumentException("a % must start an atom such as %(h)s, or be doubled as %%");
                }
                if (literal.length() > 0) {
                    parts.add(new Part(literal.toString(), null, null));
                    literal.setLength(0);
                }
                parts.add(atom(text.substring(i + 2, close)));
                i = close + 2;
            }
        }
        if (literal.length() > 0) {
            parts.add(new Part(literal.toString(), null, null));
        }
        return new AccessLogFormat(text, parts);
    }

    private static Part atom(String name) {
        if (ATOMS.contains(name)) {
            return new Part(null, name, null);
        }
        if (name.length() > 3 && name.startsWith("{") && name.charAt(name.length() - 2) == '}'
                && "ioe".indexOf(name.charAt(name.length() - 1)) >= 0) {
            return new Part(null, name.substring(name.length() - 1), name.substring(1, name.length() - 2));
        }
        throw new IllegalArgumentException("%(" + name + ")s is not a known atom; use h l u t r m U q H s B b f a T M D L p,"
                + " {Header}i, {Header}o or {VAR}e");
    }

    @Override
    public String toString() {
        return text.equals(COMBINED) ? "combined" : text.equals(COMMON) ? "common" : text;
    }
}
