package dev.jacorn.runner.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One setting, declared once. From this declaration come the command-line option, the config
 * file key, the environment variable, the {@code --help} line, {@code --print-config} and the
 * settings reference.
 *
 * <p>A {@linkplain #isList() list} setting parses each occurrence (or each comma-separated item)
 * with the same parser and accumulates; a {@linkplain #isFlag() flag} is a boolean switch
 * ({@code --name} / {@code --no-name}).
 *
 * @param <T> the resolved type; for lists, {@code List<E>}
 */
public final class Setting<T> {

    private final String name;
    private final String shortName;
    private final Section section;
    private final String metavar;
    private final String help;
    private final Supplier<T> defaultValue;
    private final String defaultText;
    private final Function<String, ?> parser;
    private final boolean list;
    private final String separator;
    private final boolean flag;

    private Setting(Builder<T> b) {
        this.name = b.name;
        this.shortName = b.shortName;
        this.section = Objects.requireNonNull(b.section, "section");
        this.metavar = b.metavar;
        this.help = Objects.requireNonNull(b.help, "help");
        this.defaultValue = b.defaultValue;
        this.defaultText = b.defaultText;
        this.parser = b.parser;
        this.list = b.list;
        this.separator = b.separator;
        this.flag = b.flag;
    }

    /** A setting holding one value parsed by {@code parser}, which throws {@link IllegalArgumentException} with the reason. */
    public static <T> Builder<T> single(String name, Function<String, T> parser) {
        Builder<T> b = new Builder<>(name);
        b.parser = parser;
        return b;
    }

    /** A setting that may be given several times; each value is parsed by {@code itemParser}. */
    public static <E> Builder<List<E>> list(String name, Function<String, E> itemParser) {
        Builder<List<E>> b = new Builder<>(name);
        b.parser = itemParser;
        b.list = true;
        return b;
    }

    /** A boolean switch: {@code --name} turns it on, {@code --no-name} off. */
    public static Builder<Boolean> flag(String name) {
        Builder<Boolean> b = new Builder<>(name);
        b.parser = Parsers::bool;
        b.flag = true;
        return b;
    }

    public String name() {
        return name;
    }

    /** The long option, {@code --name}. */
    public String flag() {
        return "--" + name;
    }

    /** The short option such as {@code -w}, or {@code null}. */
    public String shortName() {
        return shortName;
    }

    /** {@code JACORN_GRACEFUL_TIMEOUT} for {@code graceful-timeout}. */
    public String environmentVariable() {
        return "JACORN_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public Section section() {
        return section;
    }

    public String metavar() {
        return metavar;
    }

    public String help() {
        return help;
    }

    public boolean isList() {
        return list;
    }

    /** For a list: what separates items within one value. */
    public String separator() {
        return separator;
    }

    public boolean isFlag() {
        return flag;
    }

    public T defaultValue() {
        return defaultValue.get();
    }

    /** The default as a user reads it in help and the reference. */
    public String defaultText() {
        return defaultText != null ? defaultText : format(defaultValue());
    }

    /** Parses one raw value (one item, for a list). */
    public Object parseItem(String raw) {
        return parser.apply(raw.strip());
    }

    /** Parses a whole raw value: for a list, items split by its separator (a comma unless declared otherwise). */
    @SuppressWarnings("unchecked")
    public T parse(String raw) {
        if (!list) {
            return (T) parseItem(raw);
        }
        List<Object> items = new ArrayList<>();
        for (String item : raw.split(java.util.regex.Pattern.quote(separator))) {
            if (!item.isBlank()) {
                items.add(parseItem(item));
            }
        }
        return (T) List.copyOf(items);
    }

    /** Formats a value for {@code --print-config} and the reference. */
    public String format(Object value) {
        if (value instanceof List<?> items) {
            return items.isEmpty() ? "(none)" : String.join(separator, items.stream().map(String::valueOf).toList());
        }
        return value == null ? "(none)" : String.valueOf(value);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Declares a setting; see {@link Settings} for every declaration. */
    public static final class Builder<T> {
        private final String name;
        private String shortName;
        private Section section;
        private String metavar = "VALUE";
        private String help;
        private Supplier<T> defaultValue = () -> null;
        private String defaultText;
        private Function<String, ?> parser;
        private boolean list;
        private String separator = ",";
        private boolean flag;

        private Builder(String name) {
            this.name = name;
        }

        public Builder<T> shortName(String value) {
            this.shortName = value;
            return this;
        }

        public Builder<T> section(Section value) {
            this.section = value;
            return this;
        }

        /** For a list: what separates items within one value (a comma by default). */
        public Builder<T> separator(String value) {
            this.separator = value;
            return this;
        }

        public Builder<T> metavar(String value) {
            this.metavar = value;
            return this;
        }

        public Builder<T> help(String value) {
            this.help = value;
            return this;
        }

        public Builder<T> defaultValue(T value) {
            this.defaultValue = () -> value;
            return this;
        }

        /** A default computed at start-up (e.g. from the CPU count), shown as {@code text}. */
        public Builder<T> defaultValue(Supplier<T> value, String text) {
            this.defaultValue = value;
            this.defaultText = text;
            return this;
        }

        public Setting<T> build() {
            return new Setting<>(this);
        }
    }
}
