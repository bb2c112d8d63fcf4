package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session cookie's flags, end to end over HTTP/1.1 and HTTPS: HttpOnly and SameSite=Lax by
 * default, Secure exactly when the request came over HTTPS; an application's web.xml
 * {@code <cookie-config>} wins where it says something. And the session is found from every form of
 * {@code Cookie} header, the plain ones Jacorn reads itself and those it leaves to Undertow's parser,
 * and from a {@code ;jsessionid=} path parameter.
 */
@ExtendWith(ServerLogOnFailure.class)
class SessionCookiesIT {

    @TempDir
    static Path dir;
    private static EdgeCertificates pki;

    @BeforeAll
    static void createPki() {
        pki = EdgeCertificates.create(dir);
    }

    @Test
    void theSessionCookieIsHttpOnlyAndLaxAndSecureOnlyOverHttps() throws Exception {
        Path[] files = pki.server(EdgeCertificates.KeyForm.EC_SEC1);
        try (RunnerProcess runner = RunnerProcess.start("--bind", "127.0.0.1:0", "--bind", "http://127.0.0.1:0",
                "--certfile", files[0].toString(), "--keyfile", files[1].toString(), Samples.war("classic").toString())) {
            runner.awaitReady();
            String secure = sessionCookie(TlsIT.get(pki.clientContext(false),
                    "https://127.0.0.1:" + runner.listening(0).port() + "/counter"));
            String plain = sessionCookie(TlsIT.get(null, "http://127.0.0.1:" + runner.listening(1).port() + "/counter"));
            for (String cookie : List.of(secure, plain)) {
                assertTrue(has(cookie, "HttpOnly"), cookie);
                assertTrue(has(cookie, "SameSite=Lax"), cookie);
            }
            assertTrue(has(secure, "Secure"), secure);
            assertFalse(has(plain, "Secure"), plain);
        }
    }

    @Test
    void webXmlCookieConfigWinsOverTheDefaultsAndSameSiteFollowsTheSetting() throws Exception {
        Path war = explodedWithCookieConfig("<http-only>false</http-only><secure>false</secure>");
        Path[] files = pki.server(EdgeCertificates.KeyForm.EC_SEC1);
        try (RunnerProcess runner = RunnerProcess.start("--session-cookie-samesite", "Strict",
                "--certfile", files[0].toString(), "--keyfile", files[1].toString(), war.toString())) {
            runner.awaitReady();
            String cookie = sessionCookie(TlsIT.get(pki.clientContext(false),
                    "https://127.0.0.1:" + runner.listening(0).port() + "/counter"));
            assertFalse(has(cookie, "HttpOnly"), cookie);
            assertFalse(has(cookie, "Secure"), cookie);
            assertTrue(has(cookie, "SameSite=Strict"), cookie);
        }
    }

    @Test
    void theSessionIsFoundFromEveryFormOfCookieHeaderAndFromTheUrl() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--bind", "127.0.0.1:0", Samples.war("hello").toString())) {
            runner.awaitReady();
            String base = "http://127.0.0.1:" + runner.listening(0).port() + "/session";
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> first = client.send(HttpRequest.newBuilder(URI.create(base)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("n=1\n", first.body());
            String id = sessionCookie(first).split(";")[0].substring("JSESSIONID=".length());
            String[][] requests = {
                {"", "JSESSIONID=" + id},
                {"", "_ga=GA1.1.42.1700000000; JSESSIONID=" + id + "; theme=dark"},
                // Not plain (a '=' and a '{' in other cookies' values): Undertow's parser reads these.
                {"", "a=b=c; JSESSIONID=" + id},
                {"", "prefs={x}; JSESSIONID=" + id},
                // No session cookie: the id in the URL (URL tracking is on by default).
                {";jsessionid=" + id, null},
                {";jsessionid=" + id, "theme=dark"},
            };
            for (int i = 0; i < requests.length; i++) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + requests[i][0]));
                if (requests[i][1] != null) {
                    request.header("Cookie", requests[i][1]);
                }
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), response.body());
                assertEquals("n=" + (i + 2) + "\n", response.body(), "request " + i + ": " + String.join(" ", requests[i]));
            }
        }
    }

    private static String sessionCookie(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return response.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie: " + response.headers()));
    }

    private static boolean has(String cookie, String attribute) {
        for (String part : cookie.split(";")) {
            if (part.strip().equalsIgnoreCase(attribute)) {
                return true;
            }
        }
        return false;
    }

    /** The classic sample, exploded, with {@code cookieConfig} in its web.xml session-config. */
    static Path explodedWithCookieConfig(String cookieConfig) throws IOException {
        Path root = Files.createTempDirectory(dir, "classic");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(Samples.war("classic")))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = root.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy((InputStream) zip, target);
                }
            }
        }
        Path webXml = root.resolve("WEB-INF/web.xml");
        String text = Files.readString(webXml, StandardCharsets.UTF_8);
        String edited = text.replace("<session-timeout>30</session-timeout>",
                "<session-timeout>30</session-timeout><cookie-config>" + cookieConfig + "</cookie-config>");
        assertFalse(edited.equals(text), "the classic sample's web.xml changed: " + text);
        Files.writeString(webXml, edited, StandardCharsets.UTF_8);
        return root;
    }
}
