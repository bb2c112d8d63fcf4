package dev.jacorn.adapter;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Prints the hash of a password for a {@code --users} realm file:
 * {@code java -cp runner.jar dev.jacorn.adapter.HashPassword}. It asks on the terminal (without
 * echo), or reads one line from standard input when there is no terminal. Exits 2 when no
 * password was given.
 */
public final class HashPassword {

    private HashPassword() {
    }

    public static void main(String[] args) throws IOException {
        char[] password = read();
        if (password == null || password.length == 0) {
            System.err.println("Error: no password was given; type one, or pipe it on standard input.");
            System.exit(2);
        }
        System.out.println(PasswordHash.hash(password));
    }

    private static char[] read() throws IOException {
        Console console = System.console();
        if (console != null) {
            return console.readPassword("Password: ");
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? null : line.toCharArray();
    }
}
