package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.CookieManager;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * JSP pages declared the ways the Servlet TCK declares them, on a real deployment answering real
 * HTTP requests: {@code <jsp-file>} servlets as a FORM login's login and error pages while
 * {@code *.jsp} belongs to another servlet ({@code SecFormTests}); a {@code <jsp-file>} servlet
 * declared in a web fragment and filtered by its name on request, forward and include
 * ({@code FilterRequestDispatcherTests}); {@code addJspFile} from a web.xml listener, refused to a
 * listener declared in a TLD ({@code ServletContext40Tests}). The WAR is our own; TCK.md names the
 * TCK tests each case stands for.
 */
class JspDescriptorsTest {

    private static final String FIXTURES_PACKAGE = "dev.jacorn.adapter.jspwar";
    private static final String FIXTURES = FIXTURES_PACKAGE + ".";
    private static final String PASSWORD = "right";

    @TempDir
    static Path dir;

    @RegisterExtension
    static final ServedDeployment SERVED = new ServedDeployment();

    @BeforeAll
    static void deploy() throws IOException {
        Path root = dir.resolve("jspwar");
        WarTree.copyFixtureClasses(FIXTURES_PACKAGE, root.resolve("WEB-INF/classes"));
        WarTree.write(root.resolve("WEB-INF/web.xml"), """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="5.0">
                  <listener><listener-class>%1$sAddingListener</listener-class></listener>
                  <servlet><servlet-name>Login</servlet-name><jsp-file>/login.jsp</jsp-file></servlet>
                  <servlet><servlet-name>error</servlet-name><jsp-file>/error.jsp</jsp-file></servlet>
                  <servlet><servlet-name>other</servlet-name><servlet-class>%1$sNameServlet</servlet-class></servlet>
                  <servlet><servlet-name>secret</servlet-name><servlet-class>%1$sNameServlet</servlet-class></servlet>
                  <servlet><servlet-name>dispatching</servlet-name><servlet-class>%1$sDispatchingServlet</servlet-class>
                    </servlet>
                  <servlet><servlet-name>events</servlet-name><servlet-class>%1$sEventsServlet</servlet-class></servlet>
                  <servlet-mapping><servlet-name>Login</servlet-name><url-pattern>/login.jsp</url-pattern></servlet-mapping>
                  <servlet-mapping><servlet-name>error</servlet-name><url-pattern>/error.jsp</url-pattern></servlet-mapping>
                  <servlet-mapping><servlet-name>other</servlet-name><url-pattern>*.jsp</url-pattern></servlet-mapping>
                  <servlet-mapping><servlet-name>secret</servlet-name><url-pattern>/secret</url-pattern></servlet-mapping>
                  <servlet-mapping><servlet-name>dispatching</servlet-name><url-pattern>/forward</url-pattern>
                    <url-pattern>/include</url-pattern></servlet-mapping>
                  <servlet-mapping><servlet-name>events</servlet-name><url-pattern>/events</url-pattern></servlet-mapping>
                  <session-config><session-timeout>54</session-timeout></session-config>
                  <security-constraint>
                    <web-resource-collection><web-resource-name>secret</web-resource-name>
                      <url-pattern>/secret</url-pattern></web-resource-collection>
                    <auth-constraint><role-name>Administrator</role-name></auth-constraint>
                  </security-constraint>
                  <login-config><auth-method>FORM</auth-method>
                    <form-login-config><form-login-page>/login.jsp</form-login-page>
                      <form-error-page>/error.jsp</form-error-page></form-login-config></login-config>
                  <security-role><role-name>Administrator</role-name></security-role>
                </web-app>
                """.formatted(FIXTURES));
        // Each page prints what its expression computes, which its source does not contain: served source would show.
        WarTree.write(root.resolve("login.jsp"), """
                <%= "login" + "-page" %> <form method="POST" action="j_security_check"></form>""");
        WarTree.write(root.resolve("error.jsp"), "<%= \"error\" + \"-page\" %>");
        WarTree.write(root.resolve("dummy.jsp"), "<%= \"dummy\" + \"-page\" %> trail=${requestScope.trail}");
        WarTree.write(root.resolve("added.jsp"), "<%= \"added\" + \"-page\" %> servlet=<%= config.getServletName() %>");
        WarTree.write(root.resolve("plain.jsp"), "<%= \"plain\" + \"-page\" %>");
        WarTree.jar(root.resolve("WEB-INF/lib/fragment.jar"), Map.of("META-INF/web-fragment.xml", """
                <web-fragment xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.1">
                  <servlet><servlet-name>Dummy</servlet-name><jsp-file>/dummy.jsp</jsp-file></servlet>
                  <servlet-mapping><servlet-name>Dummy</servlet-name><url-pattern>/dummy</url-pattern></servlet-mapping>
                  <filter><filter-name>trail</filter-name><filter-class>%1$sTrailFilter</filter-class></filter>
                  <filter-mapping><filter-name>trail</filter-name><servlet-name>Dummy</servlet-name>
                    <dispatcher>REQUEST</dispatcher><dispatcher>FORWARD</dispatcher><dispatcher>INCLUDE</dispatcher>
                  </filter-mapping>
                </web-fragment>""".formatted(FIXTURES)));
        WarTree.jar(root.resolve("WEB-INF/lib/tags.jar"), Map.of("META-INF/listener.tld", """
                <taglib xmlns="https://jakarta.ee/xml/ns/jakartaee" version="3.0">
                  <tlib-version>1.0</tlib-version><short-name>listener</short-name>
                  <listener><listener-class>%1$sTldListener</listener-class></listener>
                </taglib>""".formatted(FIXTURES)));
        Path users = dir.resolve("users");
        Files.writeString(users, "admin:" + PasswordHash.hash(PASSWORD.toCharArray(), 10_000) + ":Administrator\n");
        Application app = Application.prepare(new AppSource.ExplodedWar(root, "/app"), dir.resolve("work"),
                Realm.read(users));
        SERVED.serve(app, "jspwar#1", 4, dir.resolve("tmp"));
    }

    @Test
    void formLoginShowsItsJspFileLoginAndErrorPagesWhileStarDotJspBelongsToAnotherServlet() throws Exception {
        HttpClient browser = browser();
        HttpResponse<String> login = send(browser, get("/secret"));
        assertEquals(200, login.statusCode());
        assertTrue(login.body().startsWith("login-page <form"), login.body());

        HttpResponse<String> refused = send(browser, post("/j_security_check", "j_username=admin&j_password=wrong"));
        assertEquals("error-page", refused.body().strip());

        send(browser, get("/secret"));
        HttpResponse<String> admitted = send(browser, post("/j_security_check", "j_username=admin&j_password=" + PASSWORD));
        assertEquals("200 name=secret user=admin", admitted.statusCode() + " " + admitted.body());

        assertEquals("200 name=other user=null", status(get("/plain.jsp")));
    }

    @Test
    void jspFileServletOfAFragmentIsFilteredByItsNameOnRequestForwardAndInclude() throws Exception {
        assertEquals("200 dummy-page trail=REQUEST", status(get("/dummy")));
        assertEquals("200 dummy-page trail=FORWARD", status(get("/forward?to=Dummy")));
        assertEquals("200 before dummy-page trail=INCLUDE", status(get("/include?to=Dummy")));
    }

    @Test
    void aWebXmlListenerAddsAPageAndChangesTheSessionTimeoutWhichATldListenerMayNot() throws Exception {
        assertEquals("200 added-page servlet=added", status(get("/servlet/added")));
        assertEquals(List.of(
                "web.xml listener added a page",
                "web.xml listener changed the session timeout from 54 to 20",
                "web.xml listener may not add a page named []",
                "web.xml listener may not add a page named [null]",
                "TLD listener may not add a page",
                "TLD listener may not set the session timeout",
                "session timeout 20"), send(browser(), get("/events")).body().lines().toList());
    }

    private static HttpClient browser() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(SERVED.uri(path)).build();
    }

    private static HttpRequest post(String path, String form) {
        return HttpRequest.newBuilder(SERVED.uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private static String status(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = send(browser(), request);
        return response.statusCode() + " " + response.body().strip();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request)
            throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
