package dev.jacorn.runner.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over raw sockets, for the tests where the exact bytes, the client's own address or
 * the state of the connection matter. Responses are read by their framing (Content-Length or
 * chunked), so a keep-alive connection can be used again.
 */
public final class EdgeHttp {

    private EdgeHttp() {
    }

    /** One parsed response. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The value of a {@code key=value} line of the edge sample's {@code /info} body. */
        public String info(String key) {
            for (String line : body.split("\n")) {
                if (line.startsWith(key + "=")) {
                    return line.substring(key.length() + 1);
                }
            }
            throw new AssertionError("no " + key + " in " + body);
        }
    }

    /** A socket to 127.0.0.1:{@code port} whose local address is {@code from} (any 127.x address works on Linux). */
    public static Socket connect(String from, int port) {
        try {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(30_000);
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code request} (written with \n, sent with CRLF unless it already has them) and reads one response. */
    public static Response send(Socket socket, String request) {
        write(socket, crlf(request).getBytes(StandardCharsets.ISO_8859_1));
        return read(socket);
    }

    public static String crlf(String request) {
        return request.contains("\r\n") ? request : request.replace("\n", "\r\n");
    }

    public static void write(Socket socket, byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Response read(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip(), (a, b) -> a + ", " + b);
            }
            byte[] body;
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = readChunked(in);
            } else {
                body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            }
            return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed before a response; got: "
                        + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new AssertionError("connection closed inside a chunked body");
                }
                if (b != '\r') {
                    size.append((char) b);
                }
            }
            int length = Integer.parseInt(size.toString().split(";")[0].strip(), 16);
            if (length == 0) {
                in.readNBytes(2);
                return body.toByteArray();
            }
            body.write(in.readNBytes(length));
            in.readNBytes(2);
        }
    }

    /** Whether the server closed the connection: the next read sees end-of-stream (or a reset) within 10 s. */
    public static boolean isClosedByServer(Socket socket) {
        try {
            socket.setSoTimeout(10_000);
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // a reset is a closed connection too
        }
    }
}
