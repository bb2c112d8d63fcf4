package dev.jacorn.runner.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a config file into raw values, the "file" layer of {@link ConfigResolver}.
 *
 * <p>The format, line by line: blank lines and lines whose first non-blank character is
 * {@code #} are skipped; every other line is {@code name = value}, where the name is a setting
 * name as in {@code docs/settings.md} ({@code _} may stand for {@code -}) and the value is the
 * rest of the line with surrounding blanks removed, taken verbatim (no quotes, no escapes, no
 * trailing comments). A list setting may be repeated or hold comma-separated items; a flag takes
 * {@code true} or {@code false}. The setting {@code config} cannot appear in a file.
 */
public final class ConfigFile {

    /** The file read when no {@code --config} is given, relative to the working directory, if it exists. */
    public static final String DEFAULT_NAME = "jacorn.conf";

    private ConfigFile() {
    }

    /**
     * @param file the file, as the operator named it (kept as given in messages)
     * @throws SettingException for a line that is not {@code name = value}, an unknown name, or a
     *     file that cannot be read; values are parsed later, by the resolver
     */
    public static List<RawValue> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingException("The config file " + file + " cannot be read (" + e.getMessage()
                    + "); check its path and permissions.");
        }
        List<RawValue> values = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1);
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new SettingException(where + " is not a setting: \"" + line + "\"; write name = value,"
                        + " or start a comment with #.");
            }
            String name = line.substring(0, equals).strip();
            Setting<?> setting = Settings.named(name).orElseThrow(() -> unknown(name, where));
            if (setting == Settings.CONFIG) {
                throw new SettingException("The setting config cannot be set in a config file (" + where
                        + "); use --config or JACORN_CONFIG.");
            }
            values.add(new RawValue(setting, line.substring(equals + 1).strip(),
                    new SettingSource(SettingSource.Kind.FILE, where)));
        }
        return values;
    }

    private static SettingException unknown(String name, String where) {
        String hint = Suggestions.closest(name.replace('_', '-'), Settings.ALL.stream().map(Setting::name).toList())
                .map(known -> " (did you mean " + known + "?)").orElse("");
        return new SettingException("Unknown setting " + name + " in " + where + hint
                + "; see docs/settings.md for the names.");
    }
}
