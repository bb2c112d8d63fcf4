package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * When JSP pages are compiled (README, "JSP"): on first request by default, where a broken page
 * fails only its own requests; with {@code --jsp-precompile} while the worker boots, where a broken
 * page fails the start (exit 3, naming the page) or the reload (the running worker keeps serving);
 * with {@code --jsp-development} a page edited in an exploded WAR is recompiled without a reload.
 * Each test runs the jsp sample exploded into a temporary directory.
 */
@ExtendWith(ServerLogOnFailure.class)
class JspCompilationIT {

    /** Does not compile: an unterminated JSTL tag. */
    private static final String BROKEN_PAGE = "<%@ page contentType=\"text/plain\" %>\n"
            + "<c:forEach var=\"i\" begin=\"1\" end=\"2\">\n";

    @Test
    void aBrokenPageFailsOnlyItsOwnRequestsByDefault(@TempDir Path dir) throws IOException {
        Path app = exploded(dir);
        Files.writeString(app.resolve("broken.jsp"), BROKEN_PAGE);
        try (RunnerProcess runner = RunnerProcess.start(app.toString())) {
            int port = runner.awaitReady();
            given().port(port).get("/broken.jsp").then().statusCode(500);
            given().port(port).get("/scriptlet.jsp").then().statusCode(200).body(containsString("answer: 42"));
        }
    }

    @Test
    void precompilingABrokenPageFailsTheStartNamingThePage(@TempDir Path dir) throws IOException {
        Path app = exploded(dir);
        Files.writeString(app.resolve("broken.jsp"), BROKEN_PAGE);
        try (RunnerProcess runner = RunnerProcess.start("--jsp-precompile", app.toString())) {
            assertEquals(3, runner.awaitExit(Duration.ofSeconds(120)));
            String line = runner.awaitLine("Error: Application app failed to start: jakarta.servlet.ServletException:"
                    + " JSP page /broken.jsp does not compile: /broken.jsp (line: [2], column: [", Duration.ofSeconds(1));
            assertTrue(line.endsWith("Unterminated [<c:forEach] tag"), line);
        }
    }

    @Test
    void precompilingCompilesEveryPageBeforeTheWorkerIsReady(@TempDir Path dir) throws Exception {
        Path app = exploded(dir);
        try (RunnerProcess runner = RunnerProcess.start("--jsp-precompile", app.toString())) {
            int port = runner.awaitReady();
            // index, scriptlet, doc.jspx, legacy/el, and the three views under WEB-INF.
            runner.awaitLine("Precompiled 7 JSP page(s) of /", Duration.ofSeconds(1));
            given().port(port).get("/").then().statusCode(200).body(containsString("<h1>Hello, world!</h1>"));
            // A page broken after the start fails the reload; the running worker keeps serving the old pages.
            Files.writeString(app.resolve("broken.jsp"), BROKEN_PAGE);
            runner.signal("HUP");
            runner.awaitLine("Reload failed: Application app failed to start: jakarta.servlet.ServletException:"
                    + " JSP page /broken.jsp does not compile", Duration.ofSeconds(120));
            given().port(port).get("/").then().statusCode(200).body(containsString("<h1>Hello, world!</h1>"));
        }
    }

    @Test
    void developmentModeRecompilesAnEditedPageWithoutAReload(@TempDir Path dir) throws Exception {
        Path app = exploded(dir);
        Path page = app.resolve("scriptlet.jsp");
        try (RunnerProcess runner = RunnerProcess.start("--jsp-development", app.toString())) {
            int port = runner.awaitReady();
            given().port(port).get("/scriptlet.jsp").then().statusCode(200).body(containsString("answer: 42"));
            Files.writeString(page, Files.readString(page).replace("numbers.get(0) * numbers.get(1)", "100 + 1"));
            // A later modification time than the compiled class, whatever the file system's granularity.
            Files.setLastModifiedTime(page, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            String body;
            do {
                Thread.sleep(200);
                body = given().port(port).get("/scriptlet.jsp").asString();
            } while (!body.contains("answer: 101") && System.nanoTime() < deadline);
            assertTrue(body.contains("answer: 101"), body);
            assertEquals(0, runner.count("Reloading"), "recompiled in place, not reloaded");
        }
    }

    @Test
    void aReloadLeavesNoClassLoaderOfAJspApplicationBehind() {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("jsp").toString())) {
            int port = runner.awaitReady();
            // The first page compiles inside a servlet's forward, with the application's classes on the stack;
            // the POST's body timer must not outlive its response (it held the old worker's loader).
            given().port(port).get("/guestbook").then().statusCode(200);
            given().port(port).formParam("name", "Ann").post("/guestbook").then().statusCode(302);
            given().port(port).get("/guestbook").then().statusCode(200).body(containsString("<b>Ann</b>"));
            given().port(port).get("/").then().statusCode(200);
            runner.signal("HUP");
            runner.awaitLine("Class loader of worker 1 (jsp) collected", Duration.ofSeconds(120));
            assertEquals(0, runner.count("not collected"), runner.log());
        }
    }

    private static Path exploded(Path dir) throws IOException {
        Path app = dir.resolve("app");
        FoundationIT.unzip(Samples.war("jsp"), app);
        return app;
    }
}
