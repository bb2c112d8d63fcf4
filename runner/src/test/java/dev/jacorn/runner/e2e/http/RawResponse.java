package dev.jacorn.runner.e2e.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.x response read byte by byte from a raw socket: status, header block and body
 * (by Content-Length, chunked, or until close). Interim 1xx responses are skipped.
 *
 * @param status the status code, or 0 when the server closed before sending anything
 */
record RawResponse(int status, String head, String body, boolean closedAfter) {

    static RawResponse read(InputStream in, boolean noBody) throws IOException {
        while (true) {
            String head = readHead(in);
            if (head == null) {
                return new RawResponse(0, "", "", true);
            }
            int status = Integer.parseInt(head.substring(9, 12));
            if (status >= 100 && status < 200) {
                continue;
            }
            if (noBody || status == 204 || status == 304) {
                return new RawResponse(status, head, "", false);
            }
            String lower = head.toLowerCase(Locale.ROOT);
            String length = header(lower, "content-length");
            if (length != null) {
                byte[] body = in.readNBytes(Integer.parseInt(length.trim()));
                return new RawResponse(status, head, new String(body, StandardCharsets.ISO_8859_1), false);
            }
            if ("chunked".equals(header(lower, "transfer-encoding"))) {
                return new RawResponse(status, head, readChunked(in), false);
            }
            byte[] rest = in.readAllBytes();
            return new RawResponse(status, head, new String(rest, StandardCharsets.ISO_8859_1), true);
        }
    }

    private static String header(String lowerHead, String name) {
        for (String line : lowerHead.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new IOException("connection closed inside a response head: " + head);
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // trailer fields
                }
                return body.toString(StandardCharsets.ISO_8859_1);
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
