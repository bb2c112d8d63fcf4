package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import java.io.IOException;
import java.util.stream.Stream;
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
    static final SharedSample JSP = new SharedSample("jsp");

    @Test
    void theWelcomePageRunsATagFileJstlAndAnElFunctionFromWebInf() {
        given().port(JSP.port()).get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<h1>Hello, world!</h1>"))
                .body(containsString("<p id=\"loop\">item-1 item-2 item-3 </p>"))
                .body(containsString("<p id=\"shout\">QUIET!</p>"))
                .body(containsString("<footer>jsp sample footer</footer>"))
                .body(not(containsString("SOURCE-ONLY")));
        // The tag file escapes its attribute with JSTL's c:out.
        given().port(JSP.port()).queryParam("name", "<i>Ann</i>").get("/index.jsp").then().statusCode(200)
                .body(containsString("<h1>Hello, &lt;i&gt;Ann&lt;/i&gt;!</h1>"));
    }

    @Test
    void scriptletsJspDocumentsAndPropertyGroupsAreHonoured() {
        given().port(JSP.port()).get("/scriptlet.jsp").then().statusCode(200).body(containsString("answer: 42"));
        given().port(JSP.port()).get("/doc.jspx").then().statusCode(200).contentType(containsString("text/xml"))
                .body(containsString("<doc><n>10</n><n>20</n></doc>"));
        // jsp-property-group with el-ignored: the expression stays text.
        given().port(JSP.port()).get("/legacy/el.jsp").then().statusCode(200).body(containsString("legacy: ${1 + 1}"));
    }

    @Test
    void aJspFileServletServesItsPageWithItsInitParameters() {
        given().port(JSP.port()).get("/about").then().statusCode(200)
                .body(containsString("about: /about, pages without a controller"));
    }

    @Test
    void aPageAddedWithAddJspFileIsServedByItsOwnServlet() {
        given().port(JSP.port()).get("/added/anything").then().statusCode(200)
                .body(containsString("added: added at /added"));
    }

    @Test
    void theFormValidatesStoresAndEscapesWhatIsPosted() {
        RestAssuredConfig noRedirects = RestAssuredConfig.config().redirect(RedirectConfig.redirectConfig()
                .followRedirects(false));
        given().port(JSP.port()).config(noRedirects).formParam("name", "").post("/guestbook").then().statusCode(400)
                .body(containsString("Give a name of 1 to 40 characters."));
        given().port(JSP.port()).config(noRedirects).formParam("name", "<script>x</script>").formParam("message", "hi & bye")
                .post("/guestbook").then().statusCode(302).header("Location", containsString("/guestbook"));
        given().port(JSP.port()).get("/guestbook").then().statusCode(200)
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
        JspSources.assertNotSent(JSP.port(), path, status);
    }
}
