package dev.jacorn.runner.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies layers of raw values over the defaults, lowest precedence first: defaults, config file,
 * environment, command line. Within one layer a single-valued setting takes its last value and a
 * list setting gathers all of them; a higher layer replaces a lower one's list as a whole (a
 * {@code --bind} on the command line replaces the file's binds, it does not add to them).
 */
public final class ConfigResolver {

    private ConfigResolver() {
    }

    /**
     * @throws SettingException for the first value that does not parse, naming its source
     */
    public static Config resolve(List<String> apps, List<List<RawValue>> layersLowestFirst) {
        Config defaults = Config.defaults(apps);
        Map<Setting<?>, Object> values = new LinkedHashMap<>(defaults.values());
        Map<Setting<?>, SettingSource> sources = new LinkedHashMap<>();
        for (List<RawValue> layer : layersLowestFirst) {
            Map<Setting<?>, List<Object>> gathered = new LinkedHashMap<>();
            for (RawValue value : layer) {
                Object parsed = parse(value);
                List<Object> items = gathered.computeIfAbsent(value.setting(), s -> new ArrayList<>());
                if (value.setting().isList()) {
                    items.addAll((List<?>) parsed);
                } else {
                    items.clear();
                    items.add(parsed);
                }
                sources.put(value.setting(), value.source());
            }
            gathered.forEach((setting, items) ->
                    values.put(setting, setting.isList() ? List.copyOf(items) : items.get(0)));
        }
        return new Config(apps, values, sources);
    }

    private static Object parse(RawValue value) {
        try {
            return value.setting().parse(value.raw());
        } catch (IllegalArgumentException e) {
            throw SettingException.invalid(value.setting(), value.source(), value.raw(), e.getMessage());
        }
    }
}
