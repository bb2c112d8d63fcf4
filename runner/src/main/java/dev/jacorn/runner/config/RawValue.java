package dev.jacorn.runner.config;

/**
 * A setting's value as one source wrote it, before parsing.
 *
 * @param setting which setting
 * @param raw the text, e.g. {@code 4} or {@code 127.0.0.1:8000}
 * @param source where it was written, for messages
 */
public record RawValue(Setting<?> setting, String raw, SettingSource source) {
}
