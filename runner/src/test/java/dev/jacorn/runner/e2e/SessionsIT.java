package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.e2e.EdgeCertificates.KeyForm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions live outside the workers: with two workers under load, a user's session counter goes
 * on 1, 2, ... 200 through reloads, --max-requests recycling and scaling, whichever worker serves
 * each request; over h2c, HTTP/1.1 and h2 alike; and, with --session-persist, across a restart.
 * Past --max-sessions, the sessions of clients that never came back with their cookie go first.
 */
@ExtendWith(ServerLogOnFailure.class)
class SessionsIT {

    @TempDir
    Path workDir;

    @Test
    void withSessionPersistTheCounterGoesOnAfterAGracefulRestartFromAPrivateFile() throws Exception {
        SessionCounter user = new SessionCounter();
        try (RunnerProcess runner = RunnerProcess.start("--workers", "2", "--session-persist", "--work-dir",
                workDir.toString(), Samples.war("classic").toString())) {
            String base = "http://127.0.0.1:" + runner.awaitReady();
            for (int i = 0; i < 5; i++) {
                user.next(base);
            }
            runner.signal("TERM");
            assertEquals(0, runner.awaitExit(Duration.ofSeconds(60)), runner.log());
        }
        Path file = workDir.resolve("sessions/ROOT.sessions");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        try (RunnerProcess runner = RunnerProcess.start("--workers", "2", "--session-persist", "--work-dir",
                workDir.toString(), Samples.war("classic").toString())) {
            String base = "http://127.0.0.1:" + runner.awaitReady();
            runner.awaitLine("Loaded 1 session(s) of ROOT from", Duration.ofSeconds(5));
            // Read once and gone, so that a crash later cannot bring back sessions logged out meanwhile.
            assertFalse(Files.exists(file));
            for (int i = 0; i < 5; i++) {
                user.next(base);
            }
            assertEquals(10, user.count());
        }
    }

    @Test
    void aSessionCountsOnOverH2cHttp11AndH2AlikeWhicheverWorkerServesIt() throws Exception {
        EdgeCertificates pki = EdgeCertificates.create(workDir);
        Path[] files = pki.server(KeyForm.EC_SEC1);
        try (RunnerProcess runner = RunnerProcess.start("--workers", "2", "--bind", "127.0.0.1:0", "--bind",
                "http://127.0.0.1:0", "--certfile", files[0].toString(), "--keyfile", files[1].toString(),
                Samples.war("hello").toString())) {
            runner.awaitReady();
            String tls = "https://localhost:" + runner.listening(0).port() + "/session";
            String plain = "http://localhost:" + runner.listening(1).port() + "/session";
            Path cookies = workDir.resolve("cookies.txt");
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                // Made over plain HTTP first: a cookie made over TLS is Secure, and curl would not send it to h2c.
                answers.add(curl(pki, cookies, "--http2-prior-knowledge", plain));
                answers.add(curl(pki, cookies, "--http1.1", plain));
                answers.add(curl(pki, cookies, "--http2", tls));
            }
            assertEquals(List.of("n=1 over 2", "n=2 over 1.1", "n=3 over 2", "n=4 over 2", "n=5 over 1.1", "n=6 over 2",
                    "n=7 over 2", "n=8 over 1.1", "n=9 over 2"), answers);
        }
    }

    @Test
    void pastMaxSessionsTheSessionsOfCookielessClientsOverEveryProtocolGoFirstAndAUserWhoCameBackKeepsHers()
            throws Exception {
        EdgeCertificates pki = EdgeCertificates.create(workDir);
        Path[] files = pki.server(KeyForm.EC_SEC1);
        try (RunnerProcess runner = RunnerProcess.start("--workers", "2", "--max-sessions", "20", "--admin-bind",
                "127.0.0.1:0", "--bind", "127.0.0.1:0", "--bind", "http://127.0.0.1:0", "--certfile", files[0].toString(),
                "--keyfile", files[1].toString(), Samples.war("hello").toString())) {
            runner.awaitReady();
            runner.awaitLine("Sessions of hello in memory, at most 20 (--max-sessions)", Duration.ofSeconds(5));
            String tls = "https://localhost:" + runner.listening(0).port() + "/session";
            String plain = "http://localhost:" + runner.listening(1).port() + "/session";
            Path cookies = workDir.resolve("cookies.txt");
            assertEquals("n=1 over 1.1", curl(pki, cookies, "--http1.1", plain));
            assertEquals("n=2 over 1.1", curl(pki, cookies, "--http1.1", plain));
            // A crawler: 30 requests without cookies, each a new session, over each protocol.
            assertEquals(30, cookieless(pki, "--http2-prior-knowledge", plain, "2"));
            assertEquals(30, cookieless(pki, "--http1.1", plain, "1.1"));
            assertEquals(30, cookieless(pki, "--http2", tls, "2"));
            assertEquals("n=3 over 1.1", curl(pki, cookies, "--http1.1", plain), "she came back: hers is kept");
            String scrape = MetricsAndHealthIT.scrape(MetricsAndHealthIT.adminPort(runner));
            long started = MetricsAndHealthIT.value(scrape, "jacorn_sessions_started_total{application=\"hello\"}");
            long active = MetricsAndHealthIT.value(scrape, "jacorn_sessions_active{application=\"hello\"}");
            long evicted = MetricsAndHealthIT.value(scrape, "jacorn_sessions_evicted_total{application=\"hello\"}");
            assertEquals(91, started, scrape);
            assertTrue(active <= 20, scrape);
            assertEquals(started - active, evicted, scrape);
            runner.awaitLine("Sessions of hello reached --max-sessions (20): 3 dropped so far, those whose client never"
                    + " came back first; raise --max-sessions", Duration.ofSeconds(5));
            assertEquals(1, runner.count("reached --max-sessions"), "a warning at most once a minute");
        }
    }

    /**
     * 30 GETs of {@code url} without a cookie jar: how many made a new session ({@code n=1}) and were
     * spoken in {@code version}. One curl each: curl 7.88 (Debian 12) fails a second request on a
     * reused h2c connection (curl/curl#10634).
     */
    private static int cookieless(EdgeCertificates pki, String mode, String url, String version) throws Exception {
        int made = 0;
        for (int i = 0; i < 30; i++) {
            if (curl(pki, null, mode, url + "?i=" + i).equals("n=1 over " + version)) {
                made++;
            }
        }
        return made;
    }

    /** The body of one GET with curl's cookie jar (null: none) and the HTTP version it spoke: "n=3 over 2". */
    private static String curl(EdgeCertificates pki, Path cookies, String mode, String url) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30", mode, "--cacert",
                pki.caFile().toString(), "-w", "\n%{http_version}", url));
        if (cookies != null) {
            command.addAll(List.of("-b", cookies.toString(), "-c", cookies.toString()));
        }
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, curl.exitValue(), String.join(" ", command) + ":\n" + output);
        String[] lines = output.strip().split("\n");
        return lines[0] + " over " + lines[lines.length - 1];
    }

    @Test
    void metricsCountTheSessionsCreatedAndActive() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--workers", "2", "--admin-bind", "127.0.0.1:0",
                Samples.war("classic").toString())) {
            String base = "http://127.0.0.1:" + runner.awaitReady();
            // The default --max-sessions: one per 16 KiB of the heap the JVM can use. The tests' runners have
            // -Xmx256m (16,384) and the serial collector, whose usable heap leaves out a survivor space.
            String line = runner.awaitLine("Sessions of classic in memory, at most ", Duration.ofSeconds(5));
            long max = Long.parseLong(line.replaceAll(".* at most (\\d+) \\(--max-sessions\\).*", "$1"));
            assertTrue(max > 15_000 && max <= 16_384, line);
            int admin = MetricsAndHealthIT.adminPort(runner);
            SessionCounter user = new SessionCounter();
            for (int i = 0; i < 3; i++) {
                user.next(base);
            }
            new SessionCounter().next(base);
            new SessionCounter().next(base);
            String scrape = MetricsAndHealthIT.scrape(admin);
            assertEquals(3, MetricsAndHealthIT.value(scrape, "jacorn_sessions_started_total{application=\"classic\"}"), scrape);
            assertEquals(3, MetricsAndHealthIT.value(scrape, "jacorn_sessions_active{application=\"classic\"}"), scrape);
            assertEquals(0, MetricsAndHealthIT.value(scrape, "jacorn_session_store_errors_total{application=\"classic\"}"),
                    scrape);
        }
    }

    @Test
    void withoutSessionPersistARestartStartsWithNoSessions() throws Exception {
        SessionCounter user = new SessionCounter();
        for (int run = 0; run < 2; run++) {
            try (RunnerProcess runner = RunnerProcess.start("--work-dir", workDir.toString(), "--max-sessions", "0",
                    Samples.war("classic").toString())) {
                String base = "http://127.0.0.1:" + runner.awaitReady();
                assertEquals("1\n", user.send(base).body());
                runner.awaitLine("Sessions of classic in memory", Duration.ofSeconds(5));
                assertEquals(0, runner.count("(--max-sessions)"), "0 is no limit");
                runner.signal("TERM");
                assertEquals(0, runner.awaitExit(Duration.ofSeconds(60)), runner.log());
            }
        }
        assertFalse(Files.exists(workDir.resolve("sessions")));
    }

    @Test
    void aSessionCountsOnThroughReloadsRecyclingAndScalingWithTwoWorkersUnderLoad() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--workers", "2", "--threads", "8", "--max-requests", "150",
                "--max-requests-jitter", "20", "--graceful-timeout", "15", Samples.war("classic").toString())) {
            int port = runner.awaitReady();
            String base = "http://127.0.0.1:" + port;
            List<String[]> clients = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                // Cookie-less clients: each of their /counter requests makes a new session.
                clients.add(i % 2 == 0 ? new String[] {"/counter", "1\n"} : new String[] {"/config", "mode=classic"});
            }
            SessionCounter user = new SessionCounter();
            try (KeepAliveLoad load = new KeepAliveLoad(port, clients).start()) {
                load.awaitSucceeded(100, 120);
                int reloads = 0;
                while (user.count() < 200) {
                    int n = user.next(base);
                    if (n % 20 == 10) {
                        // The previous reload has finished before the next is asked for; requests go on meanwhile.
                        SupervisorScenarios.awaitCount(runner, "Reloaded: ", reloads, 120);
                        runner.signal("HUP");
                        reloads++;
                    } else if (n == 55) {
                        runner.signal("TTIN");
                    } else if (n == 125) {
                        runner.signal("TTOU");
                    }
                }
                SupervisorScenarios.awaitCount(runner, "Reloaded: ", 10, 120);
                // (A reload re-reads --workers, so the count TTOU scales down to depends on the reloads between.)
                runner.awaitLine("Scaling up to 3 worker(s) per application", Duration.ofSeconds(30));
                runner.awaitLine("Scaling down to ", Duration.ofSeconds(30));
                // Recycling happens under the load, while the user counts or (on a slow machine, where the
                // reloads come before a worker has served its share) right after; the user's last request
                // below comes after it either way.
                SupervisorScenarios.awaitCount(runner, "(max-requests, ", 1, 120);
                assertEquals(0, load.failed(), load.summary());
                assertEquals(0, load.resets(), load.summary());
                assertEquals(0, load.retries(), "no kept-alive connection was closed under a request; " + load.summary());
            }
            user.next(base);
            assertEquals(201, user.count());
        }
    }
}
