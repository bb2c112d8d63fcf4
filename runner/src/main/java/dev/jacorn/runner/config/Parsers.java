package dev.jacorn.runner.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * Parsers for setting values. Each throws {@link IllegalArgumentException} whose message
 * completes the sentence "... is not valid: " (for example "it must be a whole number of at
 * least 1").
 */
public final class Parsers {

    private Parsers() {
    }

    public static boolean bool(String raw) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException("it must be true or false");
        };
    }

    /** A whole number from {@code min} to {@code max}. */
    public static Function<String, Integer> integer(int min, int max) {
        return raw -> {
            String range = max == Integer.MAX_VALUE ? "of at least " + min : "from " + min + " to " + max;
            try {
                int value = Integer.parseInt(raw);
                if (value < min || value > max) {
                    throw new IllegalArgumentException("it must be a whole number " + range);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("it must be a whole number " + range);
            }
        };
    }

    /** Seconds as a whole or decimal number, at least 0. */
    public static double seconds(String raw) {
        try {
            double value = Double.parseDouble(raw);
            if (value < 0 || Double.isNaN(value) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("it must be a number of seconds, 0 or more");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("it must be a number of seconds, 0 or more");
        }
    }

    public static Path path(String raw) {
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("it must be a path");
        }
        return Path.of(raw);
    }

    /** One of {@code choices}, case-insensitive; returns the lower-case choice. */
    public static Function<String, String> choice(String... choices) {
        return raw -> {
            for (String choice : choices) {
                if (choice.equalsIgnoreCase(raw)) {
                    return choice;
                }
            }
            throw new IllegalArgumentException("it must be one of " + String.join(", ", choices));
        };
    }

    /** A file that exists and can be read. */
    public static Path existingFile(String raw) {
        Path path = path(raw);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("the file does not exist");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("the file cannot be read");
        }
        return path;
    }

    /**
     * {@code -} (a standard stream) or a file Jacorn can append to: an existing writable file, or a
     * new one in an existing writable directory. Nothing is created here.
     */
    public static String logFile(String raw) {
        if (raw.equals("-")) {
            return raw;
        }
        Path path = path(raw).toAbsolutePath();
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException("it is a directory; give a file, or - for the standard stream");
        }
        if (Files.exists(path) ? !Files.isWritable(path) : !Files.isDirectory(path.getParent())
                || !Files.isWritable(path.getParent())) {
            throw new IllegalArgumentException("the file cannot be written; check that its directory exists and"
                    + " is writable");
        }
        return raw;
    }

    /** A StatsD server as HOST:PORT, with a port from 1. */
    public static BindAddress statsdAddress(String raw) {
        BindAddress address = BindAddress.parse(raw);
        if (address.port() == 0) {
            throw new IllegalArgumentException("the port must be a number from 1 to 65535, for example"
                    + " 127.0.0.1:8125");
        }
        return address;
    }

    /** Empty, or dot-separated names of letters, digits, '_' and '-'. */
    public static String statsdPrefix(String raw) {
        if (!raw.isEmpty() && !raw.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
            throw new IllegalArgumentException("it must be names of letters, digits, _ and - separated by dots,"
                    + " for example myapp.web");
        }
        return raw;
    }
}
