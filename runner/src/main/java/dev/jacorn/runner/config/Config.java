package dev.jacorn.runner.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved settings: an immutable snapshot the rest of the runner reads. Each value remembers
 * where it came from, for {@code --print-config} and for messages.
 *
 * @param apps the APP arguments, as given
 */
public record Config(List<String> apps, Map<Setting<?>, Object> values, Map<Setting<?>, SettingSource> sources) {

    public Config {
        apps = List.copyOf(apps);
        // Insertion order is the registry's order; some defaults are null ("not set").
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (!values.containsKey(setting)) {
            throw new IllegalArgumentException("Setting " + setting + " was not resolved");
        }
        return (T) values.get(setting);
    }

    public SettingSource sourceOf(Setting<?> setting) {
        return sources.getOrDefault(setting, SettingSource.DEFAULT);
    }

    /** Every setting at its default: the starting point of resolution. */
    public static Config defaults(List<String> apps) {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            values.put(setting, setting.defaultValue());
        }
        return new Config(apps, values, Map.of());
    }
}
