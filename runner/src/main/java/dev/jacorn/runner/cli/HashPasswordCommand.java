package dev.jacorn.runner.cli;

import dev.jacorn.adapter.PasswordHash;
import dev.jacorn.runner.exit.ExitCode;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * {@code java -jar runner.jar hash-password}: prints the hash of a password for a {@code --users}
 * realm file. It asks on the terminal (without echo), or reads one line from standard input when
 * there is no terminal. Exit 2 when no password was given.
 */
final class HashPasswordCommand {

    static final String NAME = "hash-password";

    private final Console console;
    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    /** @param console the terminal to ask on, or null to read one line from {@code in} */
    HashPasswordCommand(Console console, InputStream in, PrintStream out, PrintStream err) {
        this.console = console;
        this.in = in;
        this.out = out;
        this.err = err;
    }

    static CommandSpec spec() {
        CommandSpec spec = CommandSpec.create().name(JacornCommand.COMMAND + " " + NAME)
                .mixinStandardHelpOptions(true);
        spec.usageMessage().description("Print the hash of a password for a --users realm file: asked on the"
                + " terminal without echo, or one line read from standard input. A user who logs in by client"
                + " certificate (CLIENT-CERT) has no hash: its line is SUBJECT::roles.");
        return spec;
    }

    /** @param args what follows {@code hash-password} on the command line */
    int run(String... args) {
        CommandLine commandLine = new CommandLine(spec());
        ParseResult parsed;
        try {
            parsed = commandLine.parseArgs(args);
        } catch (ParameterException e) {
            return fail(ExitCode.USAGE, "hash-password takes no arguments (" + e.getMessage() + "); it asks for the"
                    + " password, or reads it from standard input.");
        }
        if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
            commandLine.usage(out);
            return ExitCode.OK.code();
        }
        char[] password;
        try {
            password = read();
        } catch (IOException e) {
            return fail(ExitCode.ERROR, "the password could not be read from standard input (" + e.getMessage() + ").");
        }
        if (password == null || password.length == 0) {
            return fail(ExitCode.USAGE, "no password was given; type one, or pipe it on standard input.");
        }
        out.println(PasswordHash.hash(password));
        out.flush();
        return ExitCode.OK.code();
    }

    private char[] read() throws IOException {
        if (console != null) {
            return console.readPassword("Password: ");
        }
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        return line == null ? null : line.toCharArray();
    }

    private int fail(ExitCode code, String message) {
        err.println("Error: " + message);
        err.flush();
        return code.code();
    }
}
