package dev.jacorn.runner.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads settings from the environment: {@code JACORN_<NAME>} for every setting (the "environment"
 * layer), and the platform conventions {@code PORT} and {@code WEB_CONCURRENCY}, which only act
 * as defaults (the "platform" layer, just above the built-in defaults: any other source wins).
 * {@code JACORN_CMD_ARGS} is the command's business: it is parsed like a command line.
 */
public final class EnvironmentVariables {

    public static final String CMD_ARGS = "JACORN_CMD_ARGS";
    private static final String PREFIX = "JACORN_";

    private EnvironmentVariables() {
    }

    /**
     * One value per {@code JACORN_<NAME>} variable that is set, in registry order.
     *
     * @throws SettingException for a {@code JACORN_} variable that names no setting
     */
    public static List<RawValue> settings(Map<String, String> environment) {
        for (String name : new TreeMap<>(environment).keySet()) {
            if (name.startsWith(PREFIX) && !name.equals(CMD_ARGS)
                    && Settings.ALL.stream().noneMatch(s -> s.environmentVariable().equals(name))) {
                List<String> known = new ArrayList<>(Settings.ALL.stream().map(Setting::environmentVariable).toList());
                known.add(CMD_ARGS);
                String hint = Suggestions.closest(name, known).map(k -> " (did you mean " + k + "?)").orElse("");
                throw new SettingException("Unknown variable " + name + hint + "; unset it, or see docs/settings.md"
                        + " for the JACORN_ variables.");
            }
        }
        List<RawValue> values = new ArrayList<>();
        for (Setting<?> setting : Settings.ALL) {
            String value = environment.get(setting.environmentVariable());
            if (value != null) {
                values.add(new RawValue(setting, value, new SettingSource(SettingSource.Kind.ENVIRONMENT,
                        setting.environmentVariable())));
            }
        }
        return values;
    }

    /**
     * {@code PORT} as {@code --bind 0.0.0.0:$PORT} and {@code WEB_CONCURRENCY} as
     * {@code --workers}, when set.
     *
     * @throws SettingException when {@code PORT} is not a port number
     */
    public static List<RawValue> platform(Map<String, String> environment) {
        List<RawValue> values = new ArrayList<>();
        String port = environment.get("PORT");
        if (port != null) {
            try {
                Parsers.integer(0, 65535).apply(port.strip());
            } catch (IllegalArgumentException e) {
                throw new SettingException("PORT=" + port + " is not valid: it must be a port number from 0 to"
                        + " 65535.");
            }
            values.add(new RawValue(Settings.BIND, "0.0.0.0:" + port.strip(),
                    new SettingSource(SettingSource.Kind.ENVIRONMENT, "PORT")));
        }
        String concurrency = environment.get("WEB_CONCURRENCY");
        if (concurrency != null) {
            values.add(new RawValue(Settings.WORKERS, concurrency,
                    new SettingSource(SettingSource.Kind.ENVIRONMENT, "WEB_CONCURRENCY")));
        }
        return values;
    }
}
