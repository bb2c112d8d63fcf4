package dev.jacorn.runner.config;

/**
 * A setting has a value that cannot be used. The message is one sentence naming the setting, the
 * place the value came from and the value; it maps to exit code 2 (usage).
 */
public class SettingException extends RuntimeException {

    public SettingException(String message) {
        super(message);
    }

    /** {@code --workers abc is not valid: it must be a whole number of at least 1.} */
    public static SettingException invalid(Setting<?> setting, SettingSource source, String value, String reason) {
        String origin = switch (source.kind()) {
            case COMMAND_LINE -> setting.flag() + " " + value;
            // JACORN_CMD_ARGS values are worded "JACORN_CMD_ARGS --workers"; variables as NAME=value.
            case ENVIRONMENT -> source.where().contains(" ") ? source.where() + " " + value : source.where() + "=" + value;
            case FILE -> setting.name() + " = " + value + " (" + source.where() + ")";
            case DEFAULT -> "The default " + setting.name() + " " + value;
        };
        return new SettingException(origin + " is not valid: " + reason + ".");
    }
}
