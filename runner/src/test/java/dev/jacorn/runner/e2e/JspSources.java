package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The check that a JSP sample never sends a page's source, however its path is spelled. Every JSP
 * source of the samples carries a "SOURCE-ONLY" comment that compiled output never contains.
 */
final class JspSources {

    private JspSources() {
    }

    /**
     * Sends a GET for {@code path} and asserts that it is answered with {@code status} and without
     * JSP source; returns the whole response, for checks of the caller's own.
     */
    static String assertNotSent(int port, String path, int status) throws IOException {
        String response = rawGet(port, path);
        assertTrue(response.startsWith("HTTP/1.1 " + status + " "), path + " answered: "
                + response.lines().findFirst().orElse(""));
        assertFalse(response.contains("SOURCE-ONLY"), path + " sent JSP source:\n" + response);
        assertFalse(response.contains("<%@"), path + " sent JSP source:\n" + response);
        return response;
    }

    /** The exact bytes of the path go on the wire: no client normalizes or re-encodes it. */
    private static String rawGet(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
