package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.fixtures.SessionEventsApp;
import dev.jacorn.runner.testing.Await;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several hosts share sessions through Redis: a real redis-server and a real nginx, round robin
 * without stickiness, in front of two Jacorn processes. A user's counter goes on whichever host
 * serves each request, through a kill -9 of one host, and across a Redis restart, during which
 * requests that need the session get 503 (never a wrong count) and others are served. And
 * --max-sessions bounds, for both hosts together, the sessions in Redis whose client never came back.
 */
@ExtendWith(ServerLogOnFailure.class)
class ScaleOutIT {

    @TempDir
    Path dir;

    @Test
    void aSessionGoesOnAcrossTwoHostsThroughAKillOfOneAndARedisRestart() throws Exception {
        try (RedisServer redis = new RedisServer(dir, NginxIT.freePort()).start()) {
            String store = "redis://127.0.0.1:" + redis.port() + "/3";
            RunnerProcess one = RunnerProcess.start("--workers", "2", "--session-store", store, "--access-logfile", "-",
                    Samples.war("classic").toString());
            try (RunnerProcess two = RunnerProcess.start("--session-store", store, "--access-logfile", "-",
                    "--admin-bind", "127.0.0.1:0",
                    Samples.war("classic").toString())) {
                int portOne = one.awaitReady();
                int portTwo = two.awaitReady();
                Process nginx = startNginx(portOne, portTwo);
                try {
                    String base = "http://127.0.0.1:" + nginxPort;
                    SessionCounter user = new SessionCounter();
                    while (user.count() < 40) {
                        user.next(base);
                    }
                    assertTrue(one.count("GET /counter") >= 10 && two.count("GET /counter") >= 10,
                            "round robin reached both hosts: " + one.count("GET /counter") + " and "
                                    + two.count("GET /counter"));

                    ProcessHandle.of(one.pid()).orElseThrow().destroyForcibly();
                    assertTrue(one.awaitExit(Duration.ofSeconds(30)) != 0);
                    while (user.count() < 60) {
                        user.next(base);
                    }

                    redis.stop();
                    for (int i = 0; i < 5; i++) {
                        HttpResponse<String> outage = user.send(base);
                        assertEquals(503, outage.statusCode(), "during the outage: " + outage.body());
                    }
                    // (classic declares a login, so Undertow looks up the session of every request that has a cookie.)
                    HttpResponse<String> noSession = TlsIT.get(null, base + "/config");
                    assertEquals(200, noSession.statusCode(), "a request without a session is served");
                    two.awaitLine("requests that need a session get 503 until it is back", Duration.ofSeconds(10));
                    assertTrue(two.log().indexOf("at redis.clients") < 0, "one line, no stack: " + two.log());

                    redis.start();
                    int refused = 0;
                    while (user.count() < 80) {
                        HttpResponse<String> response = user.send(base);
                        if (response.statusCode() == 503) {
                            assertTrue(++refused < 50, "the store did not come back");
                            continue;
                        }
                        user.expectNext(response);
                    }
                    two.awaitLine("is back", Duration.ofSeconds(10));
                    String scrape = MetricsAndHealthIT.scrape(MetricsAndHealthIT.adminPort(two));
                    assertTrue(MetricsAndHealthIT.value(scrape,
                            "jacorn_session_store_errors_total{application=\"classic\"}") >= 1, scrape);
                    assertTrue(MetricsAndHealthIT.value(scrape,
                            "jacorn_session_store_latency_seconds_count{store=\"redis\"}") >= 40, scrape);
                } finally {
                    nginx.destroy();
                    nginx.waitFor(10, TimeUnit.SECONDS);
                }
            } finally {
                one.close();
            }
        }
    }

    @Test
    void maxSessionsBoundsTheSessionsOfCookielessClientsInRedisForAllHostsTogether() throws Exception {
        try (RedisServer redis = new RedisServer(dir, NginxIT.freePort()).start()) {
            String store = "redis://127.0.0.1:" + redis.port() + "/0";
            String war = SessionEventsApp.write(dir.resolve("events")).toString();
            try (RunnerProcess one = RunnerProcess.start("--session-store", store, "--max-sessions", "20",
                    "--admin-bind", "127.0.0.1:0", war);
                    RunnerProcess two = RunnerProcess.start("--session-store", store, "--max-sessions", "20",
                            "--admin-bind", "127.0.0.1:0", war)) {
                List<String> hosts = List.of("http://127.0.0.1:" + one.awaitReady(), "http://127.0.0.1:" + two.awaitReady());
                one.awaitLine("Sessions of events in " + store + ", at most 20 whose client has not come back"
                        + " (--max-sessions)", Duration.ofSeconds(5));
                SessionCounter user = new SessionCounter();
                user.next(hosts.get(0));
                user.next(hosts.get(1));
                HttpClient cookieless = HttpClient.newHttpClient();
                for (int i = 0; i < 60; i++) {
                    HttpResponse<String> crawled = cookieless.send(HttpRequest.newBuilder(
                            URI.create(hosts.get(i % 2) + "/counter")).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals("1\n", crawled.body(), "each cookie-less request makes a session");
                }
                assertEquals(3, user.next(hosts.get(0)), "she came back: hers is never dropped");
                long listed = Long.parseLong(redis.command("ZCARD jacorn:fresh:ROOT").substring(1));
                assertTrue(listed <= 20, "sessions whose client never came back: " + listed);
                // Her session, the crawlers' still listed, and the list: every dropped session's key is gone.
                assertEquals(listed + 2, Long.parseLong(redis.command("DBSIZE").substring(1)));
                long evicted = 0;
                for (RunnerProcess host : List.of(one, two)) {
                    String scrape = MetricsAndHealthIT.scrape(MetricsAndHealthIT.adminPort(host));
                    long dropped = MetricsAndHealthIT.value(scrape, "jacorn_sessions_evicted_total{application=\"events\"}");
                    // Their sessionDestroyed listeners run on the host that dropped them.
                    assertTrue(Await.poll(Duration.ofSeconds(10),
                            () -> host.count("session-events: destroyed") == dropped ? true : null).isPresent(),
                            dropped + " dropped, destroyed: " + host.count("session-events: destroyed"));
                    evicted += dropped;
                }
                assertEquals(60 - listed, evicted, "each dropped session counted once, by the host that dropped it");
                assertTrue(one.count("reached --max-sessions (20)") + two.count("reached --max-sessions (20)") >= 1);
            }
        }
    }

    private int nginxPort;

    private Process startNginx(int portOne, int portTwo) throws IOException {
        nginxPort = NginxIT.freePort();
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "daemon off;", "master_process off;", "worker_processes 1;", "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + " info;", "events { worker_connections 64; }",
                "http {", "  access_log off;",
                "  client_body_temp_path " + dir.resolve("body") + ";", "  proxy_temp_path " + dir.resolve("proxy") + ";",
                "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";", "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
                "  scgi_temp_path " + dir.resolve("scgi") + ";",
                // Round robin, no stickiness; a host that refuses is skipped for the next.
                "  upstream jacorn { server 127.0.0.1:" + portOne + "; server 127.0.0.1:" + portTwo + "; }",
                "  server { listen 127.0.0.1:" + nginxPort + ";",
                "    location / { proxy_pass http://jacorn; proxy_http_version 1.1; proxy_set_header Connection \"\"; }",
                "  }", "}", ""));
        Process nginx = new ProcessBuilder(NginxIT.nginxBinary(), "-p", dir.toString(), "-e",
                dir.resolve("error.log").toString(), "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            try (Socket socket = new Socket("127.0.0.1", nginxPort)) {
                return nginx;
            } catch (IOException notYet) {
                if (!nginx.isAlive()) {
                    throw new AssertionError("nginx exited: " + Files.readString(dir.resolve("nginx.out")));
                }
                RunnerProcess.sleep(50);
            }
        }
        throw new AssertionError("nginx did not listen");
    }
}
