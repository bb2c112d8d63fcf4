package dev.jacorn.runner.server;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;

/**
 * The request limits, checked on the parsed request whatever protocol it came by: 414 for a long
 * request line (method, target and version, as HTTP/1.1 would spell it), 431 for too many or too
 * long header fields, 413 for a declared body over {@code --limit-request-body}. {@link RequestGuard}
 * applies them.
 *
 * <p>Undertow parses the request head first; its own byte and field-count ceilings (see
 * {@link #headerBytesCeiling()}) are set above these limits, so that a request just over a limit
 * reaches this check and gets its precise status, while a grossly oversized head is cut off by the
 * parser with a 400. A chunked body has no declared length: Undertow's entity-size limit stops it
 * while the application reads (the read fails and the client gets 413 if nothing was sent yet).
 *
 * @param requestLine {@code --limit-request-line}, in bytes without the CRLF
 * @param fields {@code --limit-request-fields}
 * @param fieldSize {@code --limit-request-field-size}: name, ": " and value
 * @param body {@code --limit-request-body}, 0 for none
 */
public record RequestLimits(int requestLine, int fields, int fieldSize, long body) {

    /** How many header fields Undertow's parser accepts before it answers 400 itself. */
    public int parserFieldCeiling() {
        return (int) Math.min(32_768L * 4, Math.max(fields + 1L, fields * 4L));
    }

    /** Bytes of request head Undertow's parser accepts before it answers 400 itself: every limit at once, plus room. */
    public int headerBytesCeiling() {
        long sum = requestLine + 2L + (long) (fields + 1) * (fieldSize + 2L) + 2;
        return (int) Math.min(Math.max(sum, 64 * 1024), 16L * 1024 * 1024);
    }

    /** The status for the first limit this request breaks, or 0. */
    int check(HttpServerExchange exchange) {
        long line = exchange.getRequestMethod().length() + 1L + exchange.getRequestURI().length()
                + (exchange.getQueryString().isEmpty() ? 0 : 1 + exchange.getQueryString().length())
                + 1 + exchange.getProtocol().length();
        if (line > requestLine) {
            return StatusCodes.REQUEST_URI_TOO_LARGE;
        }
        HeaderMap headers = exchange.getRequestHeaders();
        int count = 0;
        // Undertow's cookie walk allocates nothing, where its Iterator made two objects per field.
        for (long at = headers.fastIterateNonEmpty(); at != -1L; at = headers.fiNextNonEmpty(at)) {
            HeaderValues header = headers.fiCurrent(at);
            int name = header.getHeaderName().length();
            for (int i = 0; i < header.size(); i++) {
                count++;
                if (name + 2L + header.get(i).length() > fieldSize) {
                    return StatusCodes.REQUEST_HEADER_FIELDS_TOO_LARGE;
                }
            }
        }
        if (count > fields) {
            return StatusCodes.REQUEST_HEADER_FIELDS_TOO_LARGE;
        }
        if (body > 0) {
            String length = headers.getFirst(Headers.CONTENT_LENGTH);
            if (length != null && isOver(length)) {
                return StatusCodes.REQUEST_ENTITY_TOO_LARGE;
            }
        }
        return 0;
    }

    private boolean isOver(String contentLength) {
        try {
            return Long.parseLong(contentLength.strip()) > body;
        } catch (NumberFormatException e) {
            return false; // RequestChecks refuses a malformed Content-Length
        }
    }
}
