package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.testing.Await;
import io.restassured.config.RedirectConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The classic Spring MVC application (sample-webapps/spring-mvc-jsp, Spring 6.2 without Boot) as a
 * Tomcat user deploys it: a {@code WebApplicationInitializer} found through Spring's
 * {@code ServletContainerInitializer}, JSP views under WEB-INF rendered through a forward with the
 * WAR's own JSTL, Spring's form tags, and Hibernate Validator 8 whose EL messages use the
 * container's Expression Language. Every JSP source carries a "SOURCE-ONLY" comment that compiled
 * output never contains.
 */
class SpringMvcJspIT {

    private static final Pattern COUNT = Pattern.compile("<p id=\"count\">(\\d+) owner\\(s\\)</p>");
    private static final RestAssuredConfig NO_REDIRECTS = RestAssuredConfig.config()
            .redirect(RedirectConfig.redirectConfig().followRedirects(false));

    @RegisterExtension
    static final SharedSample CLINIC = new SharedSample("spring-mvc-jsp");

    private static RequestSpecification english() {
        return given().port(CLINIC.port()).config(NO_REDIRECTS).header("Accept-Language", "en");
    }

    @Test
    void theListPageRendersThroughJstlWithSpringsMessagesAndStaticFilesComeFromTheResourceHandler() {
        english().get("/").then().statusCode(302).header("Location", matchesPattern(".*/owners(;jsessionid=[^/]+)?"));
        english().get("/owners").then().statusCode(200)
                .contentType(containsString("text/html"))
                // DispatcherServlet sets the request's locale (en) on the response: a valid tag, as on Tomcat.
                .header("Content-Language", "en")
                // fmt:message reads the DispatcherServlet's MessageSource: JstlView put it in JSTL's Config.
                .body(containsString("<h1>Owners</h1>"))
                .body(matchesPattern("(?s).*<p id=\"count\">\\d+ owner\\(s\\)</p>.*"))
                .body(matchesPattern("(?s).*<a href=\"/owners/new(;jsessionid=[^\"]+)?\">Add an owner</a>.*"))
                .body(not(containsString("SOURCE-ONLY")))
                .body(not(containsString("${")))
                .body(not(containsString("<%@")));
        english().get("/static/clinic.css").then().statusCode(200).contentType(containsString("text/css"))
                .body(containsString("served by Spring's resource handler"));
    }

    @Test
    void anInvalidSubmissionIsShownAgainWithEveryValidationMessageAndNothingIsStored() {
        int before = ownerCount();
        english().formParam("firstName", "").formParam("lastName", "Invalid-Once")
                .formParam("email", "not-an-email").formParam("telephone", "12ab")
                .post("/owners/new").then().statusCode(200)
                .body(containsString("<form id=\"owner-form\""))
                // Hibernate Validator's own bundle, the application's ValidationMessages, and an EL message.
                .body(containsString("<span id=\"firstName.errors\" class=\"error\">must not be blank</span>"))
                .body(containsString("<span id=\"telephone.errors\" class=\"error\">Telephone must be 1 to 10 digits.</span>"))
                .body(containsString("<span id=\"email.errors\" class=\"error\">&#39;not-an-email&#39; is not an e-mail address</span>"))
                // Spring's form tags keep what was typed.
                .body(containsString("name=\"lastName\" type=\"text\" value=\"Invalid-Once\""))
                .body(not(containsString("lastName.errors")));
        assertEquals(before, ownerCount(), "an invalid owner was stored");
        english().get("/owners").then().statusCode(200).body(not(containsString("Invalid-Once")));
    }

    @Test
    void aValidSubmissionRedirectsToTheListWhichShowsItEscapedWithAFlashMessage() {
        int before = ownerCount();
        Response posted = english().formParam("firstName", "Ann").formParam("lastName", "<b>Valid</b>")
                .formParam("email", "ann@example.org").formParam("telephone", "0123456789")
                .post("/owners/new");
        posted.then().statusCode(302).header("Location", matchesPattern("http://[^/]+/owners(;jsessionid=[^/]+)?"));
        String session = posted.getCookie("JSESSIONID");
        english().cookie("JSESSIONID", session).get("/owners").then().statusCode(200)
                .body(containsString("<p id=\"added\">Owner Ann &lt;b&gt;Valid&lt;/b&gt; added.</p>"))
                .body(containsString("<td>Ann &lt;b&gt;Valid&lt;/b&gt;</td><td>ann@example.org</td><td>0123456789</td>"))
                .body(not(containsString("<b>Valid")));
        assertEquals(before + 1, ownerCount());
        // The flash message is shown once.
        english().cookie("JSESSIONID", session).get("/owners").then().statusCode(200)
                .body(not(containsString("id=\"added\"")));
    }

    @Test
    void aSighupReloadUnderTheFormFlowFailsNoStepAndTheNewWorkerValidatesAndStores(@TempDir Path dir) throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--work-dir", dir.resolve("work").toString(),
                Samples.war("spring-mvc-jsp").toString())) {
            int reloadPort = runner.awaitReady();
            try (FormFlowLoad load = new FormFlowLoad(reloadPort, 3).start()) {
                Await.until("form flows before the reload", Duration.ofSeconds(120), () -> load.completed() >= 3);
                runner.signal("HUP");
                runner.awaitLine("Reloaded: 1 worker(s) READY", Duration.ofSeconds(180));
                long atReload = load.completed();
                Await.until("form flows after the reload", Duration.ofSeconds(120), () -> load.completed() >= atReload + 6);
                load.stop();
                assertEquals(List.of(), load.failures(), "form flow steps that failed across the reload");
            }
            // The new worker's store starts empty; it validates and stores as the old one did.
            given().port(reloadPort).config(NO_REDIRECTS).header("Accept-Language", "en").formParam("firstName", "")
                    .formParam("lastName", "After").formParam("email", "x").formParam("telephone", "1")
                    .post("/owners/new").then().statusCode(200)
                    .body(containsString("must not be blank"))
                    .body(containsString("&#39;x&#39; is not an e-mail address"));
            given().port(reloadPort).config(NO_REDIRECTS).formParam("firstName", "Reloaded")
                    .formParam("lastName", "Owner").formParam("email", "r@example.org").formParam("telephone", "1")
                    .post("/owners/new").then().statusCode(302);
            given().port(reloadPort).get("/owners").then().statusCode(200)
                    .body(containsString("<td>Reloaded Owner</td>"));
        }
    }

    static Stream<Arguments> viewSpellings() {
        return Stream.of(
                "/WEB-INF/jsp/owners/list.jsp", "/WEB-INF/jsp/owners/form.jsp", "/WEB-INF/jsp/fragments/header.jspf",
                "/web-inf/jsp/owners/list.jsp", "/WEB-INF./jsp/owners/list.jsp", "/%57EB-INF/jsp/owners/list.jsp",
                "/WEB-INF/jsp/owners/list.jsp;x=1", "/WEB-INF/jsp/owners/list.JSP", "/WEB-INF/jsp/owners/list.jsp.",
                "/WEB-INF//jsp/owners/list.jsp", "/static/../WEB-INF/jsp/owners/list.jsp",
                "/static/%2e%2e/WEB-INF/jsp/owners/list.jsp", "/static/..%2fWEB-INF/jsp/owners/list.jsp",
                "/static/%2e%2e%2fWEB-INF/jsp/owners/form.jsp",
                "/owners/../WEB-INF/jsp/owners/list.jsp", "/jsp/owners/list.jsp", "/owners/list.jsp",
                "/WEB-INF/classes/messages.properties")
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0} -> 404, never the source")
    @MethodSource("viewSpellings")
    void theViewsUnderWebInfAreNeverServed(String path) throws IOException {
        assertRefused(path, 404);
    }

    @Test
    void aBackslashInThePathIsABadRequestNeverTheSource() throws IOException {
        assertRefused("/static/..\\WEB-INF/jsp/owners/list.jsp", 400);
    }

    private static void assertRefused(String path, int status) throws IOException {
        String response = JspSources.assertNotSent(CLINIC.port(), path, status);
        assertFalse(response.contains("owners.title"), path + " sent the messages file:\n" + response);
    }

    private static int ownerCount() {
        String body = english().get("/owners").then().statusCode(200).extract().asString();
        Matcher count = COUNT.matcher(body);
        assertTrue(count.find(), "no owner count in:\n" + body);
        return Integer.parseInt(count.group(1));
    }
}
