package dev.jacorn.runner.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders {@code docs/settings.md}, the settings reference, from the registry. The committed file
 * must equal {@link #render()}: {@code SettingsReferenceTest} fails when it is stale and rewrites
 * it when run with {@code -Djacorn.writeReference=true}; {@link #main} writes it too.
 */
public final class SettingsReference {

    private SettingsReference() {
    }

    /** Writes the reference to {@code args[0]} (default {@code docs/settings.md}). */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/settings.md");
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, render(), StandardCharsets.UTF_8);
    }

    public static String render() {
        StringBuilder md = new StringBuilder();
        md.append("<!-- Generated from the settings registry (runner/src/main/java/dev/jacorn/runner/config) by\n")
                .append("     dev.jacorn.runner.config.SettingsReference; do not edit. Regenerate with\n")
                .append("     mvn -B -pl runner -am test -Dtest=SettingsReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Djacorn.writeReference=true -->\n")
                .append("# Settings reference\n\n")
                .append("Every setting can be given on the command line (`--name VALUE`), in the environment\n")
                .append("(`JACORN_NAME=VALUE`, or inside `JACORN_CMD_ARGS`), and in a config file (`name = value`).\n")
                .append("Precedence, lowest first: default, config file, environment, command line. `PORT` and\n")
                .append("`WEB_CONCURRENCY` act as defaults for `bind` and `workers`: every other source wins over them.\n\n")
                .append("## Config file format\n\n")
                .append("`--config FILE` (`-c FILE`, `JACORN_CONFIG`) names the file; without it `./jacorn.conf` is read\n")
                .append("when it exists. One setting a line, `name = value`, where `name` is a setting name below\n")
                .append("(`_` may stand for `-`); the value is the rest of the line, blanks around it removed, taken\n")
                .append("verbatim: no quotes, no escapes. Blank lines and lines starting with `#` are skipped; a `#`\n")
                .append("after a value is part of the value. A list setting may be repeated or take comma-separated\n")
                .append("items; a flag takes `true` or `false`. Relative paths are relative to the working directory.\n\n")
                .append("```\n# jacorn.conf\nbind = 0.0.0.0:8080\nworkers = 4\naccess-logfile = -\n```\n");
        for (Section section : Section.values()) {
            md.append("\n## ").append(section.title()).append("\n");
            for (Setting<?> setting : Settings.ALL) {
                if (setting.section() == section) {
                    entry(md, setting);
                }
            }
        }
        return md.toString();
    }

    private static void entry(StringBuilder md, Setting<?> setting) {
        md.append("\n### ").append(setting.name()).append("\n\n");
        String flag = setting.isFlag() ? "`" + setting.flag() + "`, `--no-" + setting.name() + "`"
                : "`" + setting.flag() + " " + setting.metavar() + "`";
        if (setting.shortName() != null) {
            flag = "`" + setting.shortName() + " " + setting.metavar() + "`, " + flag;
        }
        md.append("| command line | environment | config file | default |\n| --- | --- | --- | --- |\n");
        md.append("| ").append(flag).append(" | `").append(setting.environmentVariable()).append("` | ")
                .append(setting == Settings.CONFIG ? "(not allowed)" : "`" + setting.name() + " = ...`").append(" | ")
                .append(code(setting.defaultText())).append(" |\n\n");
        md.append(setting.help());
        if (setting.isList()) {
            md.append(" Repeatable; items may also be separated by ")
                    .append(setting.separator().equals(",") ? "`,`" : "the path separator (`:`, or `;` on Windows)")
                    .append('.');
        }
        md.append('\n');
    }

    private static String code(String text) {
        return "`" + text.replace("|", "\\|") + "`";
    }
}
