package dev.jacorn.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.adapter.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code java -jar runner.jar hash-password}, with standard input piped as a script would. */
class HashPasswordCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return new HashPasswordCommand(null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    @Test
    void printsAHashOfTheLineOnStandardInputThatTheRealmAccepts() {
        assertEquals(0, run("s3cret\n"));
        String hash = out.toString(StandardCharsets.UTF_8).strip();
        assertTrue(hash.matches("pbkdf2-sha256\\$600000\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+"), hash);
        assertTrue(PasswordHash.parse(hash).matches("s3cret".toCharArray()));
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noPasswordIsOneLineAndExitTwo() {
        assertEquals(2, run(""));
        assertEquals("Error: no password was given; type one, or pipe it on standard input.\n",
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anArgumentIsRefusedWithExitTwo() {
        assertEquals(2, run("s3cret\n", "s3cret"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Error: hash-password takes no arguments ("),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theMainCommandNamesTheSubcommandInItsHelp() {
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        new JacornCommand(new PrintStream(help, true, StandardCharsets.UTF_8), System.err, Map.of()).run("--help");
        String text = help.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
        assertTrue(text.contains("Also: java -jar runner.jar hash-password prints the hash of a password for a"
                + " --users file."), text);
    }
}
