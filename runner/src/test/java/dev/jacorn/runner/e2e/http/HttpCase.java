package dev.jacorn.runner.e2e.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One case of the raw HTTP corpus (src/test/resources/http-corpus): the bytes to send and what
 * must come back.
 *
 * <p>File format: leading {@code # } lines are the description (first line) and
 * {@code key: value} expectations; the remaining lines are the request, in which line breaks of
 * the file are ignored and the escapes {@code \r \n \t \0 \xHH \\} and the macros
 * {@code {{repeat:C:N}}}, {@code {{fields:N}}} and {@code {{bigfields:N:SIZE}}} give the bytes.
 * Expectations:
 * <ul>
 *   <li>{@code expect: 400|404 close} — the first final status is one of these ({@code none}: the
 *       server closed without answering; {@code timeout}: it said nothing within {@code wait: MS});
 *       {@code close}/{@code keep}: what the connection must do.</li>
 *   <li>{@code app: N|any} — times the application was called (default: 0 when every expected
 *       status is an error, else the number of responses).</li>
 *   <li>{@code responses: N}, {@code second-status: S}, {@code head-first: true},
 *       {@code body-includes: TEXT}, {@code body-excludes: A|B}, {@code header-includes: TEXT}.</li>
 * </ul>
 */
record HttpCase(String name, String description, List<String> statuses, String connection, String app,
        Map<String, String> expectations, byte[] request) {

    static HttpCase read(Path root, Path file) throws IOException {
        String name = root.relativize(file).toString().replace(".http", "");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String description = "";
        Map<String, String> expectations = new LinkedHashMap<>();
        StringBuilder request = new StringBuilder();
        boolean header = true;
        for (String line : lines) {
            if (header && line.startsWith("# ")) {
                String text = line.substring(2);
                int colon = text.indexOf(": ");
                if (description.isEmpty()) {
                    description = text;
                } else if (colon > 0) {
                    expectations.put(text.substring(0, colon), text.substring(colon + 2));
                }
                continue;
            }
            header = false;
            request.append(line);
        }
        String[] expect = expectations.getOrDefault("expect", "").split(" ");
        List<String> statuses = Arrays.asList(expect[0].split("\\|"));
        String connection = expect.length > 1 ? expect[1] : "any";
        return new HttpCase(name, description, statuses, connection, expectations.get("app"), expectations,
                bytes(expand(request.toString())));
    }

    int responses() {
        return Integer.parseInt(expectations.getOrDefault("responses", "1"));
    }

    /** The number of application calls expected, or -1 for "any". */
    int appCalls() {
        if ("any".equals(app)) {
            return -1;
        }
        if (app != null) {
            return Integer.parseInt(app);
        }
        boolean success = statuses.stream().anyMatch(s -> s.startsWith("2"));
        return success ? responses() : 0;
    }

    private static String expand(String text) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int open = text.indexOf("{{", at);
            if (open < 0) {
                return out.append(text.substring(at)).toString();
            }
            int close = text.indexOf("}}", open);
            out.append(text, at, open).append(macro(text.substring(open + 2, close).split(":")));
            at = close + 2;
        }
    }

    private static String macro(String[] parts) {
        switch (parts[0]) {
            case "repeat":
                return parts[1].repeat(Integer.parseInt(parts[2]));
            case "fields": {
                StringBuilder fields = new StringBuilder();
                for (int i = 1; i <= Integer.parseInt(parts[1]); i++) {
                    fields.append(i == 1 ? "" : "\\r\\n").append("X-Field-").append(i).append(": v");
                }
                return fields.toString();
            }
            case "bigfields": {
                StringBuilder fields = new StringBuilder();
                String value = "v".repeat(Integer.parseInt(parts[2]));
                for (int i = 1; i <= Integer.parseInt(parts[1]); i++) {
                    fields.append(i == 1 ? "" : "\\r\\n").append("X-Big-").append(i).append(": ").append(value);
                }
                return fields.toString();
            }
            default:
                throw new IllegalArgumentException("unknown macro " + parts[0]);
        }
    }

    /** Turns the escapes into bytes; every other character is one byte (the files are ASCII). */
    static byte[] bytes(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\' || i + 1 == text.length()) {
                out.write(c);
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case 'x' -> {
                    out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case '\\' -> out.write('\\');
                default -> throw new IllegalArgumentException("unknown escape \\" + next);
            }
        }
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return name + ": " + description;
    }
}
