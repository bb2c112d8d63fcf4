package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JSP + JSTL guestbook (sample-webapps/jsp) on one runner: pages, JSP documents, tag files,
 * a TLD from WEB-INF and JSTL's from the application's jar, jsp-config property groups (a prelude,
 * EL ignored), a {@code <jsp-file>} servlet and one added with {@code addJspFile}, index.jsp as the welcome file, and a form that
 * validates and escapes its input. Then the table: no spelling of a page's, fragment's or tag
 * file's path ever returns its source (every source file carries a "SOURCE-ONLY" comment that
 * compiled output never contains).
 */
class JspIT {

    @RegisterExtension
    static final SharedRunners RUNNERS = new SharedRunners();

    private static int port;

    @BeforeAll
    static void start() {
        port = RUNNERS.add(RunnerProcess.start(Samples.war("jsp").toString())).awaitReady();
    }

    @AfterAll
    static void stop() {
        port = 0;
    }

    @Test
    void theWelcomePageRunsATagFileJstlAndAnElFunctionFromWebInf() {
        given().port(port).get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<h1>Hello, world!</h1>"))
                .body(containsString("<p id=\"loop\">item-1 item-2 item-3 </p>"))
                .body(containsString("<p id=\"shout\">QUIET!</p>"))
                .body(containsString("<footer>jsp sample footer</footer>"))
                .body(not(containsString("SOURCE-ONLY")));
        // The tag file escapes its attribute with JSTL's c:out.
        given().port(port).queryParam("name", "<i>Ann</i>").get("/index.jsp").then().statusCode(200)
                .body(containsString("<h1>Hello, &lt;i&gt;Ann&lt;/i&gt;!</h1>"));
    }

    @Test
    void scriptletsJspDocumentsAndPropertyGroupsAreHonoured() {
        given().port(port).get("/scriptlet.jsp").then().statusCode(200).body(containsString("answer: 42"));
        given().port(port).get("/doc.jspx").then().statusCode(200).contentType(containsString("text/xml"))
                .body(containsString("<doc><n>10</n><n>20</n></doc>"));
        // jsp-property-group with el-ignored: the expression stays text.
        given().port(port).get("/legacy/el.jsp").then().statusCode(200).body(containsString("legacy: ${1 + 1}"));
    }

    @Test
    void aJspFileServletServesItsPageWithItsInitParameters() {
        given().port(port).get("/about").then().statusCode(200)
                .body(containsString("about: /about, pages without a controller"));
    }

    @Test
    void aPageAddedWithAddJspFileIsServedByItsOwnServlet() {
        given().port(port).get("/added/anything").then().statusCode(200)
                .body(containsString("added: added at /added"));
    }

    @Test
    void theFormValidatesStoresAndEscapesWhatIsPosted() {
        RestAssuredConfig noRedirects = RestAssuredConfig.config().redirect(RedirectConfig.redirectConfig()
                .followRedirects(false));
        given().port(port).config(noRedirects).formParam("name", "").post("/guestbook").then().statusCode(400)
                .body(containsString("Give a name of 1 to 40 characters."));
        given().port(port).config(noRedirects).formParam("name", "<script>x</script>").formParam("message", "hi & bye")
                .post("/guestbook").then().statusCode(302).header("Location", containsString("/guestbook"));
        given().port(port).get("/guestbook").then().statusCode(200)
                .body(containsString("<b>&lt;script&gt;x&lt;/script&gt;</b>: hi &amp; bye"))
                .body(not(containsString("<script>x")));
    }

    static Stream<Arguments> sourceSpellings() {
        // path as sent on the wire, and the status expected; 200 means the compiled page ran.
        return Stream.of(
                Arguments.of("/index.jsp", 200),
                Arguments.of("/INDEX.JSP", 404),
                Arguments.of("/index.Jsp", 404),
                Arguments.of("/index.jsp.", 404),
                Arguments.of("/index.jsp..", 404),
                Arguments.of("/index.jsp/", 404),
                Arguments.of("/index.jsp%20", 404),
                Arguments.of("/index.jsp%2e", 404),
                Arguments.of("/index.jsp%2E%2e", 404),
                Arguments.of("/index.jsp%2f", 404),
                Arguments.of("/index.jsp::$DATA", 404),
                Arguments.of("/index.jsp%3b", 404),
                Arguments.of("/index%2ejsp", 200),
                Arguments.of("/index.js%70", 200),
                Arguments.of("/index.jsp;x=1", 200),
                Arguments.of("/index.jsp;jsessionid=1", 200),
                Arguments.of("//index.jsp", 200),
                Arguments.of("/./index.jsp", 200),
                Arguments.of("/fragments/../index.jsp", 200),
                Arguments.of("/fragments/%2e%2e/index.jsp", 200),
                Arguments.of("/fragments/footer.jspf", 404),
                Arguments.of("/fragments/footer.JSPF", 404),
                Arguments.of("/fragments/footer.jspf.", 404),
                Arguments.of("/fragments/footer.jspf/", 404),
                Arguments.of("/fragments/footer.jspf;a=b", 404),
                Arguments.of("/fragments//footer.jspf", 404),
                Arguments.of("/fragments/footer%2ejspf", 404),
                Arguments.of("/doc.jspx", 200),
                Arguments.of("/doc.JSPX", 404),
                Arguments.of("/doc.jspx.", 404),
                Arguments.of("/legacy/el.JSP", 404),
                Arguments.of("/scriptlet.jsp%20%20", 404),
                Arguments.of("/WEB-INF/tags/greeting.tag", 404),
                Arguments.of("/web-inf/tags/greeting.tag", 404),
                Arguments.of("/WEB-INF/jspf/taglibs.jspf", 404),
                Arguments.of("/WEB-INF/views/about.jsp", 404),
                Arguments.of("/WEB-INF./views/about.jsp", 404),
                Arguments.of("/%57EB-INF/views/guestbook.jsp", 404));
    }

    @ParameterizedTest(name = "{0} -> {1}, never the source")
    @MethodSource("sourceSpellings")
    void noSpellingOfAJspPathReturnsItsSource(String path, int status) throws IOException {
        String response = rawGet(path);
        assertTrue(response.startsWith("HTTP/1.1 " + status + " "), path + " answered: " + firstLine(response));
        assertFalse(response.contains("SOURCE-ONLY"), path + " sent JSP source:\n" + response);
        assertFalse(response.contains("<%@"), path + " sent JSP source:\n" + response);
    }

    /** The exact bytes of the path go on the wire: no client normalizes or re-encodes it. */
    private static String rawGet(String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    private static String firstLine(String response) {
        int end = response.indexOf("\r\n");
        return end < 0 ? response : response.substring(0, end);
    }
}
