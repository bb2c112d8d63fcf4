package dev.jacorn.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BindAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1:8000      | | 127.0.0.1 | 8000",
            ":9000               | | 0.0.0.0   | 9000",
            "8080                | | 127.0.0.1 | 8080",
            "[::1]:8000          | | ::1       | 8000",
            "[::]:0              | | ::        | 0",
            "localhost:80        | | localhost | 80",
            "https://0.0.0.0:443 | https | 0.0.0.0 | 443",
            "http://[::1]:81     | http  | ::1     | 81",
            "127.0.0.1           | | 127.0.0.1 | 8000",
            "localhost           | | localhost | 8000",
            "[::1]               | | ::1       | 8000",
            "https://0.0.0.0     | https | 0.0.0.0 | 8000",
    })
    void parsesEveryDocumentedForm(String raw, String scheme, String host, int port) {
        assertEquals(new BindAddress(scheme, host, port), BindAddress.parse(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "host:", "host:-1", "host:65536", "::1:80", "[::1]80", "a b:80", "http://", "a b", "[::1"})
    void refusesEverythingElse(String raw) {
        assertThrows(IllegalArgumentException.class, () -> BindAddress.parse(raw));
    }
}
