package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real WARs deploy as a servlet container deploys them: everything {@code classic}'s web.xml
 * declares, a web fragment and {@code META-INF/resources} from a jar, Jersey through its
 * initializer, two applications at once, and WEB-INF/META-INF out of reach. The expected answers
 * are the ones sample-webapps/README.md gives.
 */
@ExtendWith(ServerLogOnFailure.class)
class ApplicationsIT {

    @Test
    void classicServesEverythingItsWebXmlDeclaresAndNothingElse() {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("classic").toString())) {
            int port = runner.awaitReady();
            given().port(port).get("/").then().statusCode(200).header("X-Classic-Filter", "on")
                    .contentType(startsWith("text/html")).body(containsString("<h1>classic welcome page</h1>"));
            given().port(port).get("/config").then().statusCode(200).contentType(startsWith("text/plain"))
                    .body(equalTo("mode=classic\nowner=jacorn\ngreeting=Hello from web.xml\nenvironment=sample\n"
                            + "listener=started\ninitialized=config,counter\n"));
            given().port(port).get("/boom").then().statusCode(500).contentType(startsWith("text/plain"))
                    .body(equalTo("error-page: java.lang.IllegalStateException\nmessage: boom from classic\nuri: /boom\n"));
            given().port(port).get("/sample.jacorn").then().statusCode(200)
                    .contentType("application/x-jacorn").body(equalTo("jacorn mime-mapping sample\n"));
            given().port(port).get("/shared/hello.css").then().statusCode(200).contentType(startsWith("text/css"))
                    .body(containsString("font-family: sans-serif"));
            for (String unmapped : List.of("/no-such-page", "/annotated", "/fragment")) {
                given().port(port).get(unmapped).then().statusCode(404).header("X-Classic-Filter", "on")
                        .contentType(startsWith("text/html")).body(containsString("<h1>classic: page not found</h1>"))
                        .body(not(containsString("SHOULD NOT BE MAPPED")));
            }
            given().port(port).get("/upload").then().statusCode(405);
            runner.awaitLine("classic: config servlet initialized", Duration.ofSeconds(1));
        }
    }

    @Test
    void classicKeepsSessionsRunsAsyncServletsAndReadsMultipartUploads() {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("classic").toString())) {
            int port = runner.awaitReady();
            Response first = given().port(port).get("/counter");
            assertEquals("1\n", first.asString());
            String session = first.getCookie("JSESSIONID");
            assertTrue(session != null && !session.isEmpty(), "a JSESSIONID cookie is set");
            given().port(port).cookie("JSESSIONID", session).get("/counter").then().body(equalTo("2\n"));
            given().port(port).cookie("JSESSIONID", session).get("/counter").then().body(equalTo("3\n"));
            given().port(port).get("/counter").then().body(equalTo("1\n"));

            given().port(port).get("/async?delayMs=300").then().statusCode(200)
                    .body(equalTo("async: done after 300 ms\n"));
            given().port(port).get("/async?delayMs=x").then().statusCode(400);

            given().port(port).multiPart("file", "small.bin", new byte[1000]).multiPart("note", "hi")
                    .post("/upload").then().statusCode(200).contentType(startsWith("text/plain"))
                    .body(equalTo("part name=file filename=small.bin size=1000\npart name=note filename=null size=2\n"));
            given().port(port).multiPart("file", "big.bin", new byte[1_100_000]).post("/upload").then().statusCode(413);
        }
    }

    @Test
    void twoApplicationsAreServedAtOnceEachAtItsContextPath() {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("jaxrs") + ":/shop",
                Samples.war("fragments").toString())) {
            int port = runner.awaitReady();
            runner.awaitLine("READY: jaxrs at /shop", Duration.ofSeconds(120));
            runner.awaitLine("READY: fragments at /", Duration.ofSeconds(120));

            given().port(port).get("/shop/api/items/7").then().statusCode(200).contentType("application/json")
                    .body(equalTo("{\"id\":7,\"name\":\"item-7\"}"));
            given().port(port).contentType("application/json").body("{\"name\":\"widget\",\"id\":5}")
                    .post("/shop/api/items").then().statusCode(201)
                    .header("Location", equalTo("http://localhost:" + port + "/shop/api/items/1000"))
                    .body(equalTo("{\"id\":1000,\"name\":\"widget\"}"));
            given().port(port).contentType("application/json").body("{}").post("/shop/api/items").then()
                    .statusCode(400).body(equalTo("{\"error\":\"name is required\"}"));
            given().port(port).contentType("text/plain").body("x").post("/shop/api/items").then().statusCode(415);
            given().port(port).get("/shop/api/items/abc").then().statusCode(404);

            given().port(port).get("/").then().statusCode(200).contentType(startsWith("text/html"))
                    .body(containsString("<h1>fragments welcome page</h1>"));
            given().port(port).get("/own").then().statusCode(200).body(equalTo("from the application\n"));
            given().port(port).get("/fragment").then().statusCode(200).contentType(startsWith("text/plain"))
                    .body(equalTo("from web-fragment\n"));
            given().port(port).get("/shared/hello.css").then().statusCode(200).contentType(startsWith("text/css"));
            // /shop belongs to jaxrs, /shopping to the application at the root.
            given().port(port).get("/shopping").then().statusCode(404);
        }
    }

    @Test
    void twoApplicationsAtTheSameContextPathAreAUsageError() {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("hello") + ":/app", Samples.war("classic") + ":/app/")) {
            assertEquals(2, runner.awaitExit(Duration.ofSeconds(60)));
            runner.awaitLine("Error: Two applications are mounted at /app; give each APP its own context path,"
                    + " e.g. api.war:/api site.war.", Duration.ofSeconds(1));
        }
    }

    /**
     * Raw requests, so that no client normalizes the path before it reaches the server. Nor is the
     * marker Jacorn writes when it has unpacked a WAR served (it was, at /.jacorn-complete).
     */
    @Test
    void webInfAndMetaInfAreNeverServedWhateverTheSpelling() throws IOException {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("classic").toString())) {
            int port = runner.awaitReady();
            assertTrue(rawGet(port, "/index.html").startsWith("HTTP/1.1 200"), "the probe itself works");
            for (String path : List.of("/WEB-INF/web.xml", "/web-inf/web.xml", "/Web-Inf/web.xml",
                    "/%57EB-INF/web.xml", "/WEB-INF%2fweb.xml", "/WEB-INF%2Fweb.xml", "/%2e/WEB-INF/web.xml",
                    "/WEB-INF;x=1/web.xml", "/.;/WEB-INF/web.xml", "//WEB-INF/web.xml", "/./WEB-INF/web.xml",
                    "/shared/../WEB-INF/web.xml", "/%2e%2e/WEB-INF/web.xml", "/WEB-INF./web.xml",
                    "/%5cWEB-INF/web.xml", "/WEB-INF/", "/WEB-INF/lib/resources-jar-0.1.0.jar",
                    "/META-INF/MANIFEST.MF", "/meta-inf/MANIFEST.MF", "/META-INF%2fMANIFEST.MF",
                    "/META-INF/resources/shared/hello.css", "/META-INF/web-fragment.xml",
                    // Jacorn's own marker of a complete unpack (the WAR's size and date) is not the application's.
                    "/.jacorn-complete", "/WEB-INF/.jacorn-complete")) {
                String response = rawGet(port, path);
                String status = response.substring(0, response.indexOf("\r\n"));
                assertTrue(status.matches("HTTP/1\\.1 40[04] .*"), path + " answered " + status);
                assertFalse(response.contains("<web-app") || response.contains("Manifest-Version")
                        || response.contains("web-fragment") || response.contains("PK\u0003\u0004")
                        || response.contains("font-family") || response.matches("(?s).*\r\n\r\n\\d+:\\d+.*"),
                        path + " leaked a file:\n" + response);
            }
        }
    }

    static String rawGet(int port, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
