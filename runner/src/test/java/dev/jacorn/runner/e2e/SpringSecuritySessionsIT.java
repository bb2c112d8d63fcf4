package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spring Security keeps the logged-in user in the HTTP session: with the shared session store a
 * user who logged in on the Spring Boot sample stays logged in on every worker, across a reload,
 * and (with Redis) on another host.
 */
@ExtendWith(ServerLogOnFailure.class)
class SpringSecuritySessionsIT {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void aUserLoggedInWithFormLoginStaysLoggedInOnBothWorkersAndAcrossAReload() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--workers", "2", Samples.war("spring-boot").toString())) {
            String base = "http://127.0.0.1:" + runner.awaitReady();
            HttpResponse<String> anonymous = get(base + "/account/whoami");
            assertEquals(302, anonymous.statusCode(), anonymous.body());
            logIn(base);
            for (int i = 0; i < 10; i++) {
                assertLoggedIn(base);
            }
            runner.signal("HUP");
            runner.awaitLine("Reloaded: ", Duration.ofSeconds(180));
            for (int i = 0; i < 10; i++) {
                assertLoggedIn(base);
            }
        }
    }

    @Test
    void aUserLoggedInOnOneHostIsLoggedInOnTheOtherThroughRedis() throws Exception {
        try (RedisServer redis = new RedisServer(dir, NginxIT.freePort()).start()) {
            String store = "redis://127.0.0.1:" + redis.port() + "/1";
            try (RunnerProcess one = RunnerProcess.start("--session-store", store, Samples.war("spring-boot").toString());
                    RunnerProcess two = RunnerProcess.start("--session-store", store,
                            Samples.war("spring-boot").toString())) {
                String first = "http://127.0.0.1:" + one.awaitReady();
                String second = "http://127.0.0.1:" + two.awaitReady();
                logIn(first);
                for (int i = 0; i < 10; i++) {
                    assertLoggedIn(i % 2 == 0 ? second : first);
                }
            }
        }
    }

    private void logIn(String base) throws IOException, InterruptedException {
        HttpResponse<String> page = get(base + "/login");
        assertEquals(200, page.statusCode(), page.body());
        Matcher csrf = CSRF.matcher(page.body());
        assertTrue(csrf.find(), page.body());
        String form = "username=alice&password=alice&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, login.statusCode(), login.body());
        assertTrue(login.headers().firstValue("Location").orElse("").contains("/account/whoami"), login.headers().toString());
    }

    private void assertLoggedIn(String base) throws IOException, InterruptedException {
        HttpResponse<String> whoami = get(base + "/account/whoami");
        assertEquals(200, whoami.statusCode(), "logged out: " + whoami.headers());
        assertEquals("alice\n", whoami.body());
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
