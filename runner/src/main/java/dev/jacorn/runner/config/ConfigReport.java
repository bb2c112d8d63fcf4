package dev.jacorn.runner.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of {@code --print-config}: every setting of the registry, in its order, with the
 * resolved value and where it came from, as aligned columns under a header line:
 *
 * <pre>
 * setting            value                          source
 * APP                hello.war                      command line
 * bind               127.0.0.1:8000                 default
 * workers            4                              WEB_CONCURRENCY
 * </pre>
 */
public final class ConfigReport {

    private ConfigReport() {
    }

    public static String render(Config config) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"setting", "value", "source"});
        rows.add(new String[] {"APP", config.apps().isEmpty() ? "(none)" : String.join(" ", config.apps()),
                config.apps().isEmpty() ? "default" : "command line"});
        for (Setting<?> setting : Settings.ALL) {
            String value = setting.format(config.get(setting));
            rows.add(new String[] {setting.name(), value.isEmpty() ? "\"\"" : value,
                    config.sourceOf(setting).where()});
        }
        int nameWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0) + 2;
        int valueWidth = Math.min(40, rows.stream().mapToInt(r -> r[1].length()).max().orElse(0)) + 2;
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            text.append(pad(row[0], nameWidth)).append(pad(row[1], valueWidth)).append(row[2]).append('\n');
        }
        return text.toString();
    }

    private static String pad(String text, int width) {
        // Always two blanks at least, so a long value never runs into the next column.
        return text + " ".repeat(Math.max(2, width - text.length()));
    }
}
