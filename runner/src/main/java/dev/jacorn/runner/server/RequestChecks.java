package dev.jacorn.runner.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The request checks Jacorn makes after Undertow has parsed a request and before any application
 * sees it: the shapes Undertow lets through that a careful server refuses. Pure functions of the
 * request's text, so that they can be fuzzed; {@link RequestGuard} applies them.
 *
 * <ul>
 *   <li>Transfer codings other than {@code chunked} (Undertow would treat {@code gzip} or
 *       {@code xchunked} as "no body" or "body until close", a request-smuggling shape): 501.
 *       {@code chunked} given twice, or any Transfer-Encoding on HTTP/1.0 or HTTP/2: 400.</li>
 *   <li>A path whose percent-decoding yields a control character (such as {@code %00}) or bytes
 *       that are not UTF-8 (such as the overlong {@code %c0%af}): 400.</li>
 *   <li>A header value holding CR or LF (what obsolete line folding leaves behind): 400.</li>
 *   <li>{@code CONNECT}: 405, Jacorn is not a proxy; {@code TRACE}: 405, as Tomcat, since echoing
 *       the request back can expose cookies to scripts (cross-site tracing).</li>
 *   <li>A Content-Length that is not a plain decimal number fitting in 63 bits: 400.</li>
 * </ul>
 */
public final class RequestChecks {

    /** Why a request is refused: the status and a short reason for the client and the debug log. */
    public record Rejection(int status, String reason) {
    }

    private RequestChecks() {
    }

    /**
     * @param protocol {@code HTTP/1.1}, {@code HTTP/1.0} or {@code HTTP/2.0}
     * @param transferEncoding every Transfer-Encoding value joined by commas, or {@code null} if absent
     */
    public static Rejection checkTransferEncoding(String protocol, String transferEncoding) {
        if (transferEncoding == null) {
            return null;
        }
        if ("HTTP/1.0".equals(protocol) || "HTTP/2.0".equals(protocol)) {
            return new Rejection(400, "Transfer-Encoding is not allowed in " + protocol);
        }
        int chunked = 0;
        for (String raw : transferEncoding.split(",", -1)) {
            String coding = raw.strip().toLowerCase(Locale.ROOT);
            if (coding.equals("chunked")) {
                chunked++;
            } else {
                return new Rejection(501, "Transfer coding not implemented");
            }
        }
        return chunked == 1 ? null : new Rejection(400, "chunked must be applied exactly once");
    }

    /** Checks the method and the raw (still encoded) request target, before the query string. */
    public static Rejection checkTarget(String method, String rawPath) {
        if ("CONNECT".equals(method) || "TRACE".equals(method)) {
            return new Rejection(405, method + " is not supported");
        }
        return checkPath(rawPath);
    }

    /** Each Content-Length value must be digits only and fit in a long. */
    public static Rejection checkContentLength(String value) {
        if (value.isEmpty() || value.length() > 18) {
            return new Rejection(400, "Bad Content-Length");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return new Rejection(400, "Bad Content-Length");
            }
        }
        return null;
    }

    /** Percent-decodes {@code rawPath} strictly: no control characters, valid UTF-8 only. */
    public static Rejection checkPath(String rawPath) {
        if (isPlainAscii(rawPath)) {
            return null;
        }
        byte[] decoded = new byte[rawPath.length()];
        int length = 0;
        boolean encoded = false;
        for (int i = 0; i < rawPath.length(); i++) {
            char c = rawPath.charAt(i);
            int b;
            if (c == '%') {
                if (i + 2 >= rawPath.length()) {
                    return new Rejection(400, "Bad percent-encoding in path");
                }
                int high = hexDigit(rawPath.charAt(i + 1));
                int low = hexDigit(rawPath.charAt(i + 2));
                if (high < 0 || low < 0) {
                    return new Rejection(400, "Bad percent-encoding in path");
                }
                b = high * 16 + low;
                i += 2;
                encoded = true;
            } else if (c > 0xFF) {
                // Undertow hands over non-ASCII bytes as ISO-8859-1 characters; anything wider is odd.
                return new Rejection(400, "Bad character in path");
            } else {
                b = c;
            }
            if (b < 0x20 || b == 0x7F) {
                return new Rejection(400, "Control character in path");
            }
            decoded[length++] = (byte) b;
        }
        if (!encoded && isAscii(decoded, length)) {
            return null;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded, 0, length));
            return null;
        } catch (CharacterCodingException e) {
            return new Rejection(400, "Path is not valid UTF-8");
        }
    }

    /** A header value may not hold CR or LF. */
    public static Rejection checkHeaderValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                return new Rejection(400, "Line break in a header value");
            }
        }
        return null;
    }

    /** ASCII hexadecimal only: {@link Character#digit} would also take digits of other scripts. */
    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Printable ASCII without escapes: nothing to decode, nothing to refuse (the common case). */
    private static boolean isPlainAscii(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= 0x20 || c >= 0x7F || c == '%') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
