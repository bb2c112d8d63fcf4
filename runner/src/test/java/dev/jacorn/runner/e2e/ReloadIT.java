package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.fixtures.VersionedWar;
import dev.jacorn.runner.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Reloads: SIGHUP and {@code --reload} serve what is on disk now; a bad WAR never takes the service down; no leaks. */
@ExtendWith(ServerLogOnFailure.class)
class ReloadIT {

    @Test
    void sighupServesTheNewWarAndAWarThatFailsToBootOrToLoadLeavesTheOldVersionServing(@TempDir Path dir) throws Exception {
        Path app = dir.resolve("app.war");
        Wars.writeVersion(Samples.war("hello"), app, "v1");
        try (RunnerProcess runner = RunnerProcess.start("--workers", "2", "--work-dir", dir.resolve("work").toString(),
                app.toString())) {
            int port = runner.awaitReady();
            given().port(port).get("/version.txt").then().statusCode(200).body(equalTo("v1\n"));

            Wars.writeVersion(Samples.war("hello"), app, "v2");
            runner.signal("HUP");
            runner.awaitLine("Reloaded: 2 worker(s) READY", Duration.ofSeconds(60));
            given().port(port).get("/version.txt").then().statusCode(200).body(equalTo("v2\n"));

            Wars.copyOver(Samples.war("broken"), app);
            runner.signal("HUP");
            String failed = runner.awaitLine("Reload failed: Application app failed to start:", Duration.ofSeconds(60));
            assertTrue(failed.endsWith("; the running workers keep serving"), failed);
            given().port(port).get("/version.txt").then().statusCode(200).body(equalTo("v2\n"));
            given().port(port).get("/hello").then().statusCode(200);

            // A second failing version: the serving one (v2) must still not be pruned from the work dir.
            Wars.writeVersion(Samples.war("broken"), app, "broken-2");
            runner.signal("HUP");
            SupervisorScenarios.awaitCount(runner, "Reload failed: Application app failed to start:", 2, 60);
            given().port(port).get("/static-64k.txt").then().statusCode(200).header("Content-Length", "65536");

            java.nio.file.Files.writeString(app, "not a zip file");
            runner.signal("HUP");
            String unreadable = runner.awaitLine("Reload failed: APP " + app + " is not a readable WAR (ZIP) file;",
                    Duration.ofSeconds(60));
            assertTrue(unreadable.endsWith("give an exploded WAR directory; the running workers keep serving"),
                    unreadable);
            given().port(port).get("/version.txt").then().statusCode(200).body(equalTo("v2\n"));

            Wars.writeVersion(Samples.war("hello"), app, "v3");
            runner.signal("HUP");
            SupervisorScenarios.awaitCount(runner, "Reloaded: 2 worker(s) READY", 2, 60);
            given().port(port).get("/version.txt").then().statusCode(200).body(equalTo("v3\n"));
        }
    }

    @Test
    void aReloadWhoseSecondNewWorkerFailsToBootKeepsTheOldGenerationAndNoRequestEverSeesTheNewVersion(@TempDir Path dir)
            throws Exception {
        Path app = VersionedWar.write(dir.resolve("app"), "v1");
        try (RunnerProcess runner = RunnerProcess.start("--workers", "2", "--work-dir", dir.resolve("work").toString(),
                app.toString())) {
            int port = runner.awaitReady();
            runner.awaitLine("Worker 2 READY", Duration.ofSeconds(60));
            // Boots 1 and 2 are the running workers: the reload's first new worker boots, its second fails.
            VersionedWar.rewrite(app, "v2", VersionedWar.boots(app) + 2);
            List<String> seen = new CopyOnWriteArrayList<>();
            AtomicBoolean sending = new AtomicBoolean(true);
            HttpClient client = HttpClient.newHttpClient();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread thread = new Thread(() -> {
                    while (sending.get()) {
                        seen.add(version(client, port));
                    }
                });
                thread.start();
                clients.add(thread);
            }
            try {
                Await.until("responses before the reload", Duration.ofSeconds(60), () -> seen.size() >= 20);
                runner.signal("HUP");
                runner.awaitLine("Reload failed: Application app failed to start:", Duration.ofSeconds(60));
                int atFailure = seen.size();
                Await.until("responses after the failed reload", Duration.ofSeconds(60), () -> seen.size() >= atFailure + 20);
            } finally {
                sending.set(false);
                for (Thread thread : clients) {
                    thread.join();
                }
            }
            assertEquals(List.of("v1"), seen.stream().distinct().toList(), "every response came from the old version");
            runner.awaitLine("Worker 3 READY", Duration.ofSeconds(1));
            runner.awaitLine("Worker exiting (worker 3, 0 request(s) served)", Duration.ofSeconds(10));
            assertEquals(0, runner.count("DRAINING (reload)"), "no old worker drained");
        }
    }

    private static String version(HttpClient client, int port) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/version")).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body().trim() : "status " + response.statusCode();
        } catch (IOException e) {
            return "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Test
    void reloadFlagRedeploysWhenTheWarFileChanges(@TempDir Path dir) throws Exception {
        Path app = dir.resolve("app.war");
        Wars.writeVersion(Samples.war("hello"), app, "v1");
        try (RunnerProcess runner = RunnerProcess.start("--reload", "--work-dir", dir.resolve("work").toString(),
                app.toString())) {
            int port = runner.awaitReady();
            runner.awaitLine("Watching [" + app + "] for changes (--reload)", Duration.ofSeconds(10));
            given().port(port).get("/version.txt").then().statusCode(200).body(equalTo("v1\n"));
            Wars.writeVersion(Samples.war("hello"), app, "v2");
            runner.awaitLine("Reloading: the application changed on disk", Duration.ofSeconds(30));
            runner.awaitLine("Reloaded: 1 worker(s) READY", Duration.ofSeconds(60));
            given().port(port).get("/version.txt").then().statusCode(200).body(equalTo("v2\n"));
            assertEquals(1, runner.count("Reloading: the application changed on disk"), "one change, one reload");
        }
    }

    @Test
    void afterTwentyReloadsAsManyApplicationClassLoadersLiveAsThereAreWorkers() {
        try (RunnerProcess runner = RunnerProcess.start("--workers", "2", Samples.war("hello").toString())) {
            int port = runner.awaitReady();
            for (int reload = 1; reload <= 20; reload++) {
                runner.signal("HUP");
                SupervisorScenarios.awaitCount(runner, "Reloaded: ", reload, 60);
                given().port(port).get("/hello").then().statusCode(200);
            }
            // Every one of the 40 replaced workers is checked; the last check counts what is left.
            SupervisorScenarios.awaitCount(runner, "application class loader(s) live", 40, 120);
            List<String> counts = runner.stderr().stream().filter(l -> l.contains("application class loader(s) live"))
                    .toList();
            String last = counts.get(counts.size() - 1);
            assertTrue(last.endsWith("; 2 application class loader(s) live"), last);
            assertEquals(0, runner.count("was not collected"), runner.log());
        }
    }

    @Test
    void aLeakingApplicationIsReportedWithTheThreadThatHoldsItAndTheThreadIsStopped() {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("leaky").toString())) {
            int port = runner.awaitReady();
            given().port(port).get("/").then().statusCode(200).body(equalTo("leaky\n"));
            runner.signal("HUP");
            String warning = runner.awaitLine("Class loader of worker 1 (leaky) was not collected after undeploy",
                    Duration.ofSeconds(60));
            assertTrue(warning.contains("thread \"leaky-ticker\""), warning);
            String cleared = runner.awaitLine("Cleared on behalf of leaky:", Duration.ofSeconds(10));
            assertTrue(cleared.contains("interrupted thread \"leaky-ticker\""), cleared);
            runner.awaitLine("leaky: leaky-ticker interrupted, stopping", Duration.ofSeconds(10));
            runner.awaitLine("Class loader of worker 1 (leaky) collected after clearing", Duration.ofSeconds(30));
        }
    }
}
