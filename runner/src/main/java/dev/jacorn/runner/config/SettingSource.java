package dev.jacorn.runner.config;

/**
 * Where a resolved value came from, worded for messages: {@code default}, {@code --workers},
 * {@code JACORN_WORKERS}, {@code jacorn.conf line 3}.
 *
 * @param kind the layer, lowest precedence first
 * @param where the flag, variable or file position, in the words an operator would search for
 */
public record SettingSource(Kind kind, String where) {

    /** Precedence, lowest first. */
    public enum Kind {
        DEFAULT, FILE, ENVIRONMENT, COMMAND_LINE
    }

    public static final SettingSource DEFAULT = new SettingSource(Kind.DEFAULT, "default");

    @Override
    public String toString() {
        return where;
    }
}
