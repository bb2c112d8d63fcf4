package dev.jacorn.runner.cli;

import dev.jacorn.runner.exit.ExitCode;
import dev.jacorn.runner.Jacorn;
import dev.jacorn.runner.exit.JacornException;
import dev.jacorn.runner.Version;
import dev.jacorn.runner.config.Config;
import dev.jacorn.runner.config.ConfigFile;
import dev.jacorn.runner.config.ConfigReport;
import dev.jacorn.runner.config.ConfigResolver;
import dev.jacorn.runner.config.EnvironmentVariables;
import dev.jacorn.runner.config.RawValue;
import dev.jacorn.runner.config.Setting;
import dev.jacorn.runner.config.SettingException;
import dev.jacorn.runner.config.SettingSource;
import dev.jacorn.runner.config.Settings;
import dev.jacorn.runner.config.Suggestions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * ({@link Settings#ALL}), never declared by hand. It resolves the settings from their four
 * sources (lowest first: defaults, with {@code PORT} and {@code WEB_CONCURRENCY} as platform
 * defaults; the config file; the environment, {@code JACORN_<NAME>} then {@code JACORN_CMD_ARGS};
 * the command line), then prints them ({@code --print-config}), checks the applications
 * ({@code --check-config}) or hands them to {@link Jacorn}. Every failure ends as one line on
 * stderr and an {@link ExitCode}.
 *
 * <p>Called once from {@code main}, or from tests with captured streams.
 */
public final class JacornCommand {

    static final String COMMAND = "java -jar runner.jar";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private final Path workingDirectory;
    private boolean debug;

    public JacornCommand(PrintStream out, PrintStream err, Map<String, String> environment) {
        this(out, err, environment, Path.of(""));
    }

    /** @param workingDirectory where the default {@code jacorn.conf} is looked for */
    public JacornCommand(PrintStream out, PrintStream err, Map<String, String> environment, Path workingDirectory) {
        this.out = out;
        this.err = err;
        this.environment = environment;
        this.workingDirectory = workingDirectory;
    }

    /** Runs the command to its end (for a server: until it stops) and returns the exit code. */
    public int run(String... args) {
        if (args.length > 0 && args[0].equals(HashPasswordCommand.NAME)) {
            return new HashPasswordCommand(System.console(), System.in, out, err)
                    .run(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        for (String warning : EnvironmentVariables.warnings(environment)) {
            err.println("Warning: " + warning);
        }
        CommandLine commandLine = commandLine();
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
            debug = List.of("debug", "trace").contains(config.get(Settings.LOG_LEVEL));
            if (config.get(Settings.PRINT_CONFIG)) {
                out.print(ConfigReport.render(config));
                out.flush();
                return ExitCode.OK.code();
            }
            if (config.apps().isEmpty()) {
                return fail(ExitCode.USAGE, "No APP was given; pass a .war file, an exploded WAR directory, or a"
                        + " servlet class name with --classpath (see " + COMMAND + " --help).", null);
            }
            if (config.get(Settings.CHECK_CONFIG)) {
                return new ConfigCheck(config, out).run().code();
            }
            // A reload (SIGHUP) resolves the settings again from the same sources.
            return new Jacorn(config, () -> resolve(parsed)).run().code();
        } catch (SettingException e) {
            return fail(ExitCode.USAGE, e.getMessage(), null);
        } catch (JacornException e) {
            return fail(e.exitCode(), e.getMessage(), e.getCause());
        }
    }

    /**
     * Resolves the settings from every source; the config file is found first, from the command
     * line, the environment or the default {@code ./jacorn.conf}.
     *
     * @throws SettingException naming the setting, its source and the value
     */
    private Config resolve(ParseResult parsed) {
        ParseResult cmdArgs = parseCmdArgs();
        List<RawValue> cli = commandLineLayer(parsed, "");
        List<RawValue> fromCmdArgs = cmdArgs == null ? List.of() : commandLineLayer(cmdArgs, EnvironmentVariables.CMD_ARGS + " ");
        List<RawValue> env = EnvironmentVariables.settings(environment);
        List<RawValue> platform = new ArrayList<>(EnvironmentVariables.platform(environment));
        List<String> apps = apps(parsed);
        if (apps.isEmpty() && cmdArgs != null) {
            apps = apps(cmdArgs);
        }
        Path file = ConfigResolver.resolve(apps, List.of(env, fromCmdArgs, cli)).get(Settings.CONFIG);
        List<RawValue> fromFile = List.of();
        if (file != null) {
            fromFile = ConfigFile.read(file);
        } else {
            Path standard = workingDirectory.resolve(ConfigFile.DEFAULT_NAME);
            if (Files.isRegularFile(standard)) {
                platform.add(new RawValue(Settings.CONFIG, standard.toString(), SettingSource.DEFAULT));
                fromFile = ConfigFile.read(standard);
            }
        }
        return ConfigResolver.resolve(apps, List.of(platform, fromFile, env, fromCmdArgs, cli));
    }

    /** {@code JACORN_CMD_ARGS} parsed like a command line, or null when it is not set. */
    private ParseResult parseCmdArgs() {
        String text = environment.get(EnvironmentVariables.CMD_ARGS);
        if (text == null || text.isBlank()) {
            return null;
        }
        List<String> words;
        try {
            words = CommandLineWords.split(text);
        } catch (IllegalArgumentException e) {
            throw new SettingException(EnvironmentVariables.CMD_ARGS + "=" + text + " is not valid: " + e.getMessage()
                    + ".");
        }
        try {
            return commandLine().parseArgs(words.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new SettingException(EnvironmentVariables.CMD_ARGS + ": " + usageMessage(e));
        }
    }

    /** One line; with {@code --log-level debug} (or trace) the cause's stack trace follows it. */
    private int fail(ExitCode code, String message, Throwable cause) {
        err.println("Error: " + message);
        if (cause != null && debug) {
            err.print("Cause: ");
            cause.printStackTrace(err);
        }
        err.flush();
        return code.code();
    }

    /**
     * The parser: the last of a repeated single-value option wins (as Gunicorn), and a flag may be
     * followed by true or false ({@code --http2 false}).
     */
    private static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(spec());
        commandLine.setOverwrittenOptionsAllowed(true);
        return commandLine;
    }

    private static String usageMessage(ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String option = unmatched.getUnmatched().get(0);
            String name = option.split("=", 2)[0];
            java.util.Optional<String> peer = Suggestions.peerHint(name);
            if (peer.isPresent()) {
                return "Unknown option " + name + ": " + peer.get() + "; run " + COMMAND + " --help to see the options.";
            }
            String hint = Suggestions.closest(name, e.getCommandLine().getCommandSpec().optionsMap().keySet())
                    .map(known -> " (did you mean " + known + "?)").orElse("");
            return "Unknown option " + option + hint + "; run " + COMMAND + " --help to see the options.";
        }
        String message = e.getMessage();
        return (message.endsWith(".") ? message.substring(0, message.length() - 1) : message)
                + "; run " + COMMAND + " --help to see the options.";
    }

    static CommandSpec spec() {
        // --help and --version declared here rather than by picocli's standard mixin, which builds
        // them by reflection over an annotated class: 60 ms of every start.
        CommandSpec spec = CommandSpec.create().name(COMMAND)
                .addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                        .description("Show this help and exit.").build())
                .addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                        .description("Print the versions of Jacorn, Undertow, the Servlet API and Java, and exit.")
                        .build());
        spec.usageMessage()
                .description("Serve Jakarta Servlet applications with supervised workers on Undertow.")
                .footer("%nAlso: " + COMMAND + " " + HashPasswordCommand.NAME
                        + "  prints the hash of a password for a --users file.")
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
                // picocli treats descriptions as format strings: access log formats are full of '%'.
                .description((setting.help() + " [default: " + setting.defaultText()
                        + "; env " + setting.environmentVariable() + "]").replace("%", "%%"));
        if (setting.isFlag()) {
            // 0..1: picocli takes a following word only when it is true or false, so --http2 app.war still works.
            return option.arity("0..1").type(boolean.class).negatable(true).build();
        }
        option.paramLabel(setting.metavar()).arity("1");
        return setting.isList() ? option.type(String[].class).build() : option.type(String.class).build();
    }

    private static List<String> apps(ParseResult parsed) {
        return List.of(parsed.matchedPositionalValue(0, new String[0]));
    }

    /** @param origin prefix of each value's source, e.g. {@code "JACORN_CMD_ARGS "}; empty for the command line */
    private static List<RawValue> commandLineLayer(ParseResult parsed, String origin) {
        List<RawValue> layer = new ArrayList<>();
        for (Setting<?> setting : Settings.ALL) {
            OptionSpec option = parsed.matchedOption(setting.flag());
            if (option == null) {
                continue;
            }
            SettingSource source = origin.isEmpty()
                    ? new SettingSource(SettingSource.Kind.COMMAND_LINE, setting.flag())
                    : new SettingSource(SettingSource.Kind.ENVIRONMENT, origin + setting.flag());
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
