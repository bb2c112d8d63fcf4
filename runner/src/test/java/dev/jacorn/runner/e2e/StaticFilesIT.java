package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.testing.Await;
import io.restassured.response.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static files come through a cache (README, "Applications"): the cached bytes are the file's
 * bytes, conditional and range requests still work, files above the cached size are served from
 * disk, and a file edited in an exploded WAR is served within the cache's 5 s.
 */
@ExtendWith(ServerLogOnFailure.class)
class StaticFilesIT {

    @Test
    void cachedFilesKeepTheirBytesValidatorsAndRanges(@TempDir Path dir) throws IOException {
        FoundationIT.unzip(Samples.war("hello"), dir);
        byte[] small = Files.readAllBytes(dir.resolve("static-64k.txt"));
        byte[] large = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(large);
        Files.write(dir.resolve("large.bin"), large);
        try (RunnerProcess runner = RunnerProcess.start(dir.toString())) {
            int port = runner.awaitReady();
            for (int i = 0; i < 3; i++) {
                // First from disk (filling the cache), then from the cache.
                assertArrayEquals(small, given().port(port).get("/static-64k.txt").then().statusCode(200)
                        .extract().asByteArray(), "request " + i);
                assertArrayEquals(large, given().port(port).get("/large.bin").then().statusCode(200)
                        .extract().asByteArray(), "request " + i);
            }
            Response first = given().port(port).get("/static-64k.txt");
            String etag = first.header("ETag");
            assertTrue(etag != null && etag.startsWith("W/\"65536-"), "a weak ETag of size and time: " + etag);
            assertNotNull(first.header("Last-Modified"), "Last-Modified");
            given().port(port).header("If-None-Match", etag).get("/static-64k.txt").then().statusCode(304);
            byte[] range = given().port(port).header("Range", "bytes=100-199").get("/static-64k.txt").then()
                    .statusCode(206).header("Content-Range", "bytes 100-199/65536").extract().asByteArray();
            assertArrayEquals(Arrays.copyOfRange(small, 100, 200), range);
        }
    }

    /** The first request of a file goes through the servlet, the next ones from memory: both, on every protocol. */
    @Test
    void aStaticFileIsTheSameOverHttp11H2cAndH2(@TempDir Path dir) throws Exception {
        FoundationIT.unzip(Samples.war("hello"), dir);
        byte[] file = Files.readAllBytes(dir.resolve("static-64k.txt"));
        EdgeCertificates pki = EdgeCertificates.create(Files.createDirectories(dir.resolve("pki")));
        Path[] credentials = pki.server(EdgeCertificates.KeyForm.EC_SEC1);
        try (RunnerProcess runner = RunnerProcess.start("--bind", "127.0.0.1:0", "--bind", "http://127.0.0.1:0",
                "--certfile", credentials[0].toString(), "--keyfile", credentials[1].toString(), dir.toString())) {
            runner.awaitReady();
            String tls = "https://127.0.0.1:" + runner.listening(0).port() + "/static-64k.txt";
            String plain = "http://127.0.0.1:" + runner.listening(1).port() + "/static-64k.txt";
            for (int i = 0; i < 4; i++) {
                for (List<String> client : List.of(List.of("--http1.1", plain), List.of("--http2-prior-knowledge", plain),
                        List.of("--http2", tls))) {
                    Path body = dir.resolve("body");
                    List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30", "--cacert",
                            pki.caFile().toString(), "-o", body.toString(), "-w", "%{http_version} %{http_code}"));
                    command.addAll(client);
                    Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
                    String written = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertTrue(curl.waitFor(60, TimeUnit.SECONDS));
                    String expected = (client.get(0).equals("--http1.1") ? "1.1" : "2") + " 200";
                    assertEquals(expected, written, "request " + i + " " + client);
                    assertArrayEquals(file, Files.readAllBytes(body), "request " + i + " " + client);
                }
            }
        }
    }

    @Test
    void aFileEditedInAnExplodedWarIsServedWithinFiveSeconds(@TempDir Path dir) throws Exception {
        FoundationIT.unzip(Samples.war("hello"), dir);
        Path page = dir.resolve("page.txt");
        Files.writeString(page, "first version\n");
        try (RunnerProcess runner = RunnerProcess.start(dir.toString())) {
            int port = runner.awaitReady();
            given().port(port).get("/page.txt").then().statusCode(200);
            assertEquals("first version\n", given().port(port).get("/page.txt").asString());
            Files.writeString(page, "the second, longer version\n", StandardCharsets.UTF_8);
            // A later modification time than the cached one, whatever the file system's granularity.
            Files.setLastModifiedTime(page, java.nio.file.attribute.FileTime.fromMillis(
                    System.currentTimeMillis() + 2_000));
            String body = Await.poll(Duration.ofSeconds(7), () -> {
                String now = given().port(port).get("/page.txt").asString();
                return now.equals("the second, longer version\n") ? now : null;
            }).orElseGet(() -> given().port(port).get("/page.txt").asString());
            assertEquals("the second, longer version\n", body);
        }
    }
}
