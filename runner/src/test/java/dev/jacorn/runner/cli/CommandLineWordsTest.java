package dev.jacorn.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** JACORN_CMD_ARGS is split like a shell splits words; each case lists the words joined by '|'. */
class CommandLineWordsTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "--workers 4   --bind :9000          ; --workers|4|--bind|:9000",
            "`  --timeout\t5  `                   ; --timeout|5",
            "--access-logformat '%(h)s \"%(r)s\"' ; --access-logformat|%(h)s \"%(r)s\"",
            "--work-dir \"/tmp/my dir\"           ; --work-dir|/tmp/my dir",
            "\"a\\\"b\" c\\ d 'x'y\"z\"           ; a\"b|c d|xyz",
            "``                                   ; ``",
    })
    void splitsLikeAShell(String text, String words) {
        List<String> expected = words == null || words.isEmpty() ? List.of() : Arrays.asList(words.split("\\|"));
        assertEquals(expected, CommandLineWords.split(text == null ? "" : text));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', quoteCharacter = '`', value = {
            "--bind 'a     ; a single quote is not closed",
            "--bind \"a    ; a double quote is not closed",
            "--bind a\\    ; it ends with a backslash",
    })
    void refusesUnfinishedQuoting(String text, String reason) {
        assertEquals(reason, assertThrows(IllegalArgumentException.class, () -> CommandLineWords.split(text)).getMessage());
    }
}
