package dev.jacorn.runner.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits {@code JACORN_CMD_ARGS} into arguments the way a POSIX shell splits words (as Gunicorn's
 * {@code shlex.split} of {@code GUNICORN_CMD_ARGS}): blanks separate words; single quotes keep
 * everything literally; double quotes keep blanks and honour {@code \"} and {@code \\}; a
 * backslash outside quotes escapes the next character. No variables, globs or substitutions.
 */
final class CommandLineWords {

    private CommandLineWords() {
    }

    /**
     * @throws IllegalArgumentException for an unclosed quote or a trailing backslash
     */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '\'') {
                int close = text.indexOf('\'', i + 1);
                if (close < 0) {
                    throw new IllegalArgumentException("a single quote is not closed");
                }
                word.append(text, i + 1, close);
                i = close;
                inWord = true;
            } else if (c == '"') {
                i = doubleQuoted(text, i + 1, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= text.length()) {
                    throw new IllegalArgumentException("it ends with a backslash");
                }
                word.append(text.charAt(++i));
                inWord = true;
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends the double-quoted text starting at {@code start}; returns the index of the closing quote. */
    private static int doubleQuoted(String text, int start, StringBuilder word) {
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                c = text.charAt(++i);
            }
            word.append(c);
        }
        throw new IllegalArgumentException("a double quote is not closed");
    }
}
