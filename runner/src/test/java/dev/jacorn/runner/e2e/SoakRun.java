package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The soak (not part of {@code mvn verify}: its name does not end in IT; run it with
 * {@code bench/soak.sh}): keep-alive load for {@code jacorn.soak.seconds} (60) while the runner
 * reloads every 5 s, recycles workers by {@code --max-requests}, and holds one request stuck
 * until {@code --timeout}. Asserts no failed request but the stuck one, no connection error, and
 * a heap after full GC that stays flat across the reloads; writes the figures to
 * {@code target/soak-result.md}.
 */
@ExtendWith(ServerLogOnFailure.class)
class SoakRun {

    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+\\d+\\s+(\\d+)\\s*$");

    @Test
    void reloadsRecyclingAndAStuckRequestLoseNothingAndLeakNothing() throws Exception {
        long seconds = Long.getLong("jacorn.soak.seconds", 60);
        try (RunnerProcess runner = RunnerProcess.start("--workers", "2", "--threads", "16", "--timeout", "10",
                "--graceful-timeout", "10", "--max-requests", "3000", "--max-requests-jitter", "500",
                Samples.war("hello").toString())) {
            int port = runner.awaitReady();
            List<String[]> clients = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                clients.add(new String[] {"/hello?name=soak" + i, "Hello, soak" + i + "!"});
            }
            HttpClient http = HttpClient.newHttpClient();
            CompletableFuture<HttpResponse<String>> stuck = http.sendAsync(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/slow?ms=600000")).build(),
                    HttpResponse.BodyHandlers.ofString());
            List<Long> heapKiB = new ArrayList<>();
            int reloads = 0;
            try (KeepAliveLoad load = new KeepAliveLoad(port, clients).start()) {
                load.awaitSucceeded(1000, 60);
                heapKiB.add(heapAfterGc(runner.pid()));
                long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                while (System.nanoTime() < end) {
                    Thread.sleep(5000);
                    runner.signal("HUP");
                    reloads++;
                    SupervisorScenarios.awaitCount(runner, "Reloaded:", reloads, 60);
                    heapKiB.add(heapAfterGc(runner.pid()));
                }
                load.close();
                assertTrue(load.awaitClientsEnded(30), "clients ended");
                HttpResponse<String> stuckAnswer = stuck.get(30, java.util.concurrent.TimeUnit.SECONDS);
                long recycled = runner.count("max-requests");
                String result = "| " + OffsetDateTime.now().withNano(0) + " | " + seconds + " s | " + reloads
                        + " | " + recycled + " | " + load.succeeded() + " | " + load.failed() + " | " + load.resets()
                        + " | " + stuckAnswer.statusCode() + " | " + heapKiB.get(0) / 1024 + " MiB -> "
                        + heapKiB.get(heapKiB.size() - 1) / 1024 + " MiB (max " + heapKiB.stream().mapToLong(l -> l)
                        .max().orElse(0) / 1024 + " MiB) | " + liveLoaders(runner) + " |";
                Files.writeString(Path.of("target", "soak-result.md"), result + "\n", StandardCharsets.UTF_8);
                System.out.println("SOAK RESULT " + result);
                assertEquals(0, load.failed(), load.summary());
                assertEquals(0, load.resets(), load.summary());
                assertEquals(0, load.retries(), "no kept-alive connection was closed under a request; " + load.summary());
                assertEquals(503, stuckAnswer.statusCode(), "the stuck request is answered 503 at --timeout");
                runner.awaitLine("WORKER TIMEOUT", Duration.ofSeconds(5));
                long first = heapKiB.get(0);
                long last = heapKiB.get(heapKiB.size() - 1);
                assertTrue(last <= first * 1.25 + 8 * 1024, "heap after GC grew from " + first + " KiB to " + last
                        + " KiB across " + reloads + " reloads: " + heapKiB);
            }
        }
    }

    /**
     * The runner's live heap, in KiB: what a full GC kept, as {@code jcmd GC.class_histogram} counts
     * it inside that GC's pause. (The heap's "used" read by a second jcmd afterwards also counts
     * whatever the 16 clients made the server allocate in between, tens of MiB at full speed.)
     */
    private static long heapAfterGc(long pid) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        String histogram = run(jcmd, Long.toString(pid), "GC.class_histogram");
        Matcher m = TOTAL.matcher(histogram);
        if (!m.find()) {
            throw new AssertionError("no Total line in jcmd GC.class_histogram:\n" + histogram);
        }
        return Long.parseLong(m.group(1)) / 1024;
    }

    private static String liveLoaders(RunnerProcess runner) {
        String last = "?";
        Pattern live = Pattern.compile("(\\d+) application class loader\\(s\\) live");
        for (String line : runner.stderr()) {
            Matcher m = live.matcher(line);
            if (m.find()) {
                last = m.group(1);
            }
        }
        return last;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return out;
    }
}
