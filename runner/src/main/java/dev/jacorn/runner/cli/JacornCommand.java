package dev.jacorn.runner.cli;

import dev.jacorn.runner.ExitCode;
import dev.jacorn.runner.Jacorn;
import dev.jacorn.runner.JacornException;
import dev.jacorn.runner.Version;
import dev.jacorn.runner.config.Config;
import dev.jacorn.runner.config.ConfigResolver;
import dev.jacorn.runner.config.RawValue;
import dev.jacorn.runner.config.Setting;
import dev.jacorn.runner.config.SettingException;
import dev.jacorn.runner.config.SettingSource;
import dev.jacorn.runner.config.Settings;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code jacorn} command. Its options are built from the settings registry
 * ({@link Settings#ALL}), never declared by hand; it resolves the settings, then hands them to
 * {@link Jacorn}. Every failure ends as one line on stderr and an {@link ExitCode}.
 *
 * <p>Called once from {@code main}, or from tests with captured streams.
 */
public final class JacornCommand {

    static final String COMMAND = "java -jar runner.jar";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    public JacornCommand(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    /** Runs the command to its end (for a server: until it stops) and returns the exit code. */
    public int run(String... args) {
        CommandLine commandLine = new CommandLine(spec());
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args);
        } catch (ParameterException e) {
            return fail(ExitCode.USAGE, usageMessage(e), null);
        }
        if (parsed.isUsageHelpRequested()) {
            commandLine.usage(out);
            return ExitCode.OK.code();
        }
        if (parsed.isVersionHelpRequested()) {
            out.println(Version.describe());
            return ExitCode.OK.code();
        }
        try {
            Config config = resolve(parsed);
            if (config.apps().isEmpty()) {
                return fail(ExitCode.USAGE, "No APP was given; pass a .war file, an exploded WAR directory, or a"
                        + " servlet class name with --classpath (see " + COMMAND + " --help).", null);
            }
            // A reload (SIGHUP) resolves the settings again from the same sources.
            return new Jacorn(config, () -> resolve(parsed)).run().code();
        } catch (SettingException e) {
            return fail(ExitCode.USAGE, e.getMessage(), null);
        } catch (JacornException e) {
            return fail(e.exitCode(), e.getMessage(), e.getCause());
        }
    }

    private int fail(ExitCode code, String message, Throwable cause) {
        err.println("Error: " + message);
        if (cause != null && cause.getMessage() != null && !message.contains(cause.getMessage())) {
            err.println("Cause: " + cause);
        }
        err.flush();
        return code.code();
    }

    private static String usageMessage(ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String option = unmatched.getUnmatched().get(0);
            String hint = Suggestions.closest(option.split("=", 2)[0], e.getCommandLine().getCommandSpec().optionsMap().keySet())
                    .map(known -> " (did you mean " + known + "?)").orElse("");
            return "Unknown option " + option + hint + "; run " + COMMAND + " --help to see the options.";
        }
        String message = e.getMessage();
        return (message.endsWith(".") ? message.substring(0, message.length() - 1) : message)
                + "; run " + COMMAND + " --help to see the options.";
    }

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(COMMAND).mixinStandardHelpOptions(true);
        spec.usageMessage()
                .description("Serve Jakarta Servlet applications with supervised workers on Undertow.")
                .sortOptions(false);
        spec.addPositional(PositionalParamSpec.builder()
                .paramLabel("APP")
                .arity("0..*")
                .type(String[].class)
                .description("A .war file, an exploded WAR directory, or a servlet class name (with"
                        + " --classpath). Add :/PATH to mount it at a context path, e.g. api.war:/api.")
                .build());
        for (Setting<?> setting : Settings.ALL) {
            spec.addOption(option(setting));
        }
        return spec;
    }

    private static OptionSpec option(Setting<?> setting) {
        List<String> names = new ArrayList<>();
        if (setting.shortName() != null) {
            names.add(setting.shortName());
        }
        names.add(setting.flag());
        OptionSpec.Builder option = OptionSpec.builder(names.toArray(String[]::new))
                .description(setting.help() + " [default: " + setting.defaultText().replace("%", "%%")
                        + "; env " + setting.environmentVariable() + "]");
        if (setting.isFlag()) {
            return option.arity("0").type(boolean.class).negatable(true).build();
        }
        option.paramLabel(setting.metavar()).arity("1");
        return setting.isList() ? option.type(String[].class).build() : option.type(String.class).build();
    }

    /** The settings from every source, lowest precedence first; called at start-up and on every reload. */
    private static Config resolve(ParseResult parsed) {
        return ConfigResolver.resolve(apps(parsed), List.of(commandLineLayer(parsed)));
    }

    private static List<String> apps(ParseResult parsed) {
        return List.of(parsed.matchedPositionalValue(0, new String[0]));
    }

    private static List<RawValue> commandLineLayer(ParseResult parsed) {
        List<RawValue> layer = new ArrayList<>();
        for (Setting<?> setting : Settings.ALL) {
            OptionSpec option = parsed.matchedOption(setting.flag());
            if (option == null) {
                continue;
            }
            SettingSource source = new SettingSource(SettingSource.Kind.COMMAND_LINE, setting.flag());
            if (setting.isFlag()) {
                layer.add(new RawValue(setting, String.valueOf((Boolean) option.getValue()), source));
            } else {
                for (String value : option.stringValues()) {
                    layer.add(new RawValue(setting, value, source));
                }
            }
        }
        return layer;
    }
}
