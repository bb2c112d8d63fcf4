package dev.jacorn.runner.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Fuzzes the request checks Jacorn adds in front of Undertow against independent oracles: they
 * never throw, they refuse only with the documented statuses, and they accept exactly what the
 * oracle accepts. Runs for a short, bounded time in {@code mvn verify} (JAZZER_FUZZ=1 is set for
 * surefire); without it, Jazzer replays its seeds only.
 */
class RequestChecksFuzzTest {

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    @FuzzTest(maxDuration = "10s")
    void requestChecksAgreeWithTheirOracles(FuzzedDataProvider data) {
        String path = data.consumeString(120);
        assertEquals(pathOracle(path), RequestChecks.checkPath(path) == null, "path " + path);

        String codings = data.consumeString(40);
        RequestChecks.Rejection coding = RequestChecks.checkTransferEncoding("HTTP/1.1", codings);
        boolean onlyChunked = Arrays.stream(codings.split(",", -1))
                .map(c -> c.strip().toLowerCase(Locale.ROOT)).toList().equals(java.util.List.of("chunked"));
        assertEquals(onlyChunked, coding == null, "codings " + codings);
        if (coding != null) {
            assertTrue(coding.status() == 400 || coding.status() == 501, "status " + coding.status());
        }
        assertEquals(400, RequestChecks.checkTransferEncoding("HTTP/1.0", codings).status());

        String length = data.consumeString(24);
        assertEquals(DIGITS.matcher(length).matches(), RequestChecks.checkContentLength(length) == null,
                "length " + length);

        String value = data.consumeRemainingAsString();
        assertEquals(value.indexOf('\r') < 0 && value.indexOf('\n') < 0, RequestChecks.checkHeaderValue(value) == null);
    }

    /** Accepts a path when strict percent-decoding gives valid UTF-8 without control characters. */
    private static boolean pathOracle(String path) {
        ByteBuffer bytes = ByteBuffer.allocate(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%') {
                if (i + 2 >= path.length() || !isHex(path.charAt(i + 1)) || !isHex(path.charAt(i + 2))) {
                    return false;
                }
                bytes.put((byte) Integer.parseInt(path.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c > 0xFF) {
                return false;
            } else {
                bytes.put((byte) c);
            }
        }
        bytes.flip();
        for (int i = bytes.position(); i < bytes.limit(); i++) {
            int b = bytes.get(i) & 0xFF;
            if (b < 0x20 || b == 0x7F) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0 && c < 0x80;
    }
}
