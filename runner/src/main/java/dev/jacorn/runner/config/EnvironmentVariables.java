package dev.jacorn.runner.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads settings from the environment: {@code JACORN_<NAME>} for every setting (the "environment"
 * layer), and the platform conventions {@code PORT}, {@code WEB_CONCURRENCY}, {@code TMPDIR} and
 * {@code USER}, which only act as defaults (the "platform" layer, just above the built-in
 * defaults: any other source wins). {@code JACORN_CMD_ARGS} is the command's business: it is
 * parsed like a command line.
 *
 * <p>Other {@code JACORN_} variables are ignored with a {@linkplain #warnings warning}, except the
 * ones Kubernetes injects for a Service named {@code jacorn} ({@code JACORN_PORT=tcp://...},
 * {@code JACORN_PORT_8000_TCP...}, {@code JACORN_SERVICE_HOST}, {@code JACORN_SERVICE_PORT...}),
 * which are ignored silently.
 */
public final class EnvironmentVariables {

    public static final String CMD_ARGS = "JACORN_CMD_ARGS";
    private static final String PREFIX = "JACORN_";
    private static final Pattern KUBERNETES_SERVICE = Pattern.compile(
            "JACORN_SERVICE_(HOST|PORT(_[A-Z0-9_]+)?)|JACORN_PORT_\\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?");
    private static final Pattern KUBERNETES_PORT_VALUE = Pattern.compile("(tcp|udp|sctp)://.*");

    private EnvironmentVariables() {
    }

    /** One line per {@code JACORN_} variable that names no setting (Kubernetes' service variables aside). */
    public static List<String> warnings(Map<String, String> environment) {
        List<String> warnings = new ArrayList<>();
        for (Map.Entry<String, String> variable : new TreeMap<>(environment).entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(PREFIX) || name.equals(CMD_ARGS) || isKubernetesService(name, variable.getValue())
                    || Settings.ALL.stream().anyMatch(s -> s.environmentVariable().equals(name))) {
                continue;
            }
            List<String> known = new ArrayList<>(Settings.ALL.stream().map(Setting::environmentVariable).toList());
            known.add(CMD_ARGS);
            String hint = Suggestions.closest(name, known).map(k -> " (did you mean " + k + "?)").orElse("");
            warnings.add("Unknown variable " + name + " is ignored" + hint + "; see docs/settings.md for the JACORN_"
                    + " variables.");
        }
        return warnings;
    }

    /** The variables Kubernetes sets for a Service named {@code jacorn} in the pod's namespace. */
    static boolean isKubernetesService(String name, String value) {
        return KUBERNETES_SERVICE.matcher(name).matches()
                || name.equals("JACORN_PORT") && value != null && KUBERNETES_PORT_VALUE.matcher(value).matches();
    }

    /** One value per {@code JACORN_<NAME>} variable that names a setting, in registry order; others are ignored. */
    public static List<RawValue> settings(Map<String, String> environment) {
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
     * {@code PORT} as {@code --bind 0.0.0.0:$PORT}, {@code WEB_CONCURRENCY} as
     * {@code --workers} and {@code $TMPDIR/jacorn-$USER} as {@code --work-dir}, when set.
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
        if (environment.containsKey("TMPDIR") || environment.containsKey("USER")) {
            values.add(new RawValue(Settings.WORK_DIR, ApplicationSettings.defaultWorkDir(environment).toString(),
                    new SettingSource(SettingSource.Kind.ENVIRONMENT, "TMPDIR and USER")));
        }
        return values;
    }
}
