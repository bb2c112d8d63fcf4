package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jacorn.runner.e2e.EdgeCertificates.KeyForm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload right after requests with a body leaves no class loader of the old worker behind, on
 * every protocol a body arrives by (HTTP/1.1, h2c by prior knowledge, h2 over TLS), for a body
 * read on the I/O thread (under {@code --body-buffer-size}) and one past it. Each such request
 * has a {@code --body-timeout} timer on its I/O thread; a timer left pending after the response
 * held the exchange, and through it the worker's deployment and class loader, for the whole
 * timeout (60 s), so the leak detector reported the replaced worker as not collected.
 */
@ExtendWith(ServerLogOnFailure.class)
class ReloadAfterBodiesIT {

    /** One body the I/O thread buffers whole, one past the default 16 KiB --body-buffer-size. */
    private static final List<Integer> SIZES = List.of(100, 20_000);

    @Test
    void aReloadRightAfterRequestsWithBodiesLeavesNoClassLoaderBehindOnEveryProtocol(@TempDir Path dir) {
        Path[] files = EdgeCertificates.create(dir).server(KeyForm.EC_SEC1);
        try (RunnerProcess runner = RunnerProcess.start("--bind", "127.0.0.1:0", "--bind", "http://127.0.0.1:0",
                "--certfile", files[0].toString(), "--keyfile", files[1].toString(), Samples.war("hello").toString())) {
            runner.awaitReady();
            int tls = runner.listening(0).port();
            int plain = runner.listening(1).port();
            for (int size : SIZES) {
                int echoed = given().port(plain).contentType("text/plain").body("x".repeat(size)).post("/echo")
                        .then().statusCode(200).extract().body().asByteArray().length;
                assertEquals(size, echoed, "HTTP/1.1 echo of " + size + " bytes");
                assertEchoed(H2Frames.run(plain, "h2c", "post", "/echo", Integer.toString(size)), size, "h2c");
                assertEchoed(H2Frames.run(tls, "tls", "post", "/echo", Integer.toString(size)), size, "h2");
            }
            runner.signal("HUP");
            runner.awaitLine("Class loader of worker 1 (hello) collected", Duration.ofSeconds(60));
            assertEquals(0, runner.count("not collected"), runner.log());
        }
    }

    private static void assertEchoed(Map<String, String> result, int size, String protocol) {
        assertEquals("200", result.get("status"), protocol + ": " + result.get("output"));
        assertEquals(Integer.toString(size), result.get("length"), protocol + " echo of " + size + " bytes");
    }
}
