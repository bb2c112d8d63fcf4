package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * web.xml, two web fragments and annotations merged the way the Servlet specification (8.2.3) and
 * Tomcat merge them, shown on a real deployment answering real HTTP requests. Each case is one the
 * Servlet TCK checks (named in TCK.md); the WAR here is our own.
 */
class DescriptorMergingTest {

    private static final String FIXTURES_PACKAGE = "dev.jacorn.adapter.merging";
    private static final String FIXTURES = FIXTURES_PACKAGE + ".";

    @TempDir
    static Path dir;

    @RegisterExtension
    static final ServedDeployment SERVED = new ServedDeployment();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void deploy() throws IOException {
        Path root = dir.resolve("merging");
        WarTree.copyFixtureClasses(FIXTURES_PACKAGE, root.resolve("WEB-INF/classes"));
        WarTree.write(root.resolve("WEB-INF/web.xml"), """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="5.0">
                  <display-name>Merging Demo</display-name>
                  <servlet><servlet-name>other</servlet-name>
                    <servlet-class>%1$sAnnotatedReportServlet</servlet-class></servlet>
                  <servlet><servlet-name>unmapped</servlet-name>
                    <servlet-class>%1$sUnmappedAnnotatedServlet</servlet-class>
                    <init-param><param-name>b</param-name><param-value>webxml</param-value></init-param></servlet>
                  <servlet><servlet-name>params</servlet-name><servlet-class>%1$sReportServlet</servlet-class>
                    <init-param><param-name>p</param-name><param-value>first</param-value></init-param>
                    <init-param><param-name>p</param-name><param-value>second</param-value></init-param></servlet>
                  <servlet><servlet-name>missing</servlet-name><servlet-class>%1$sNoSuchServlet</servlet-class>
                    <load-on-startup>1</load-on-startup></servlet>
                  <filter><filter-name>otherFilter</filter-name><filter-class>%1$sAnnotatedTagFilter</filter-class></filter>
                  <filter-mapping><filter-name>otherFilter</filter-name><url-pattern>/params</url-pattern></filter-mapping>
                  <servlet-mapping><servlet-name>other</servlet-name><url-pattern>/other</url-pattern></servlet-mapping>
                  <servlet-mapping><servlet-name>params</servlet-name><url-pattern>/params</url-pattern></servlet-mapping>
                  <servlet-mapping><servlet-name>missing</servlet-name><url-pattern>/missing</url-pattern></servlet-mapping>
                </web-app>
                """.formatted(FIXTURES));
        fragmentJar(root.resolve("WEB-INF/lib/a.jar"), """
                <name>a</name>
                <servlet><servlet-name>params</servlet-name><servlet-class>%1$sReportServlet</servlet-class>
                  <init-param><param-name>p</param-name><param-value>fragment</param-value></init-param>
                  <init-param><param-name>q</param-name><param-value>fragment</param-value></init-param>
                  <init-param><param-name>q</param-name><param-value>fragment-again</param-value></init-param></servlet>
                <servlet-mapping><servlet-name>params</servlet-name><url-pattern>/params-from-fragment</url-pattern>
                  </servlet-mapping>
                <servlet><servlet-name>fragmentOnly</servlet-name><servlet-class>%1$sReportServlet</servlet-class></servlet>
                <servlet-mapping><servlet-name>fragmentOnly</servlet-name><url-pattern>/fragment-a</url-pattern>
                  </servlet-mapping>
                """.formatted(FIXTURES));
        fragmentJar(root.resolve("WEB-INF/lib/b.jar"), """
                <name>b</name><ordering><after><name>a</name></after></ordering>
                <servlet-mapping><servlet-name>fragmentOnly</servlet-name><url-pattern>/fragment-b</url-pattern>
                  </servlet-mapping>
                """);
        Application app = Application.prepare(new AppSource.ExplodedWar(root, "/app"), dir.resolve("work"));
        SERVED.serve(app, "merging#1", 2, dir.resolve("tmp"));
    }

    @Test
    void annotatedClassDeclaredInWebXmlUnderAnotherNameIsAlsoServedUnderItsAnnotatedName() throws Exception {
        assertEquals("200 name=annotated params=a=annotation", get("/annotated"));
        assertEquals("200 name=other params=", get("/other"));
    }

    @Test
    void webXmlServletWithoutMappingsGetsTheAnnotationsPatternsAndMissingParams() throws Exception {
        assertEquals("200 name=unmapped params=a=annotation,b=webxml", get("/from-annotation"));
    }

    @Test
    void annotatedFilterDeclaredInWebXmlUnderAnotherNameFiltersUnderBothNames() throws Exception {
        HttpResponse<String> response = send("/params");
        assertEquals(List.of("annotatedFilter", "otherFilter"),
                response.headers().allValues("X-Filters").stream().sorted().toList());
    }

    @Test
    void initParamDeclaredTwiceKeepsItsFirstValueAndFragmentsAddTheParamsWebXmlLacks() throws Exception {
        assertEquals("200 name=params params=p=first,q=fragment", get("/params"));
    }

    @Test
    void webXmlMappingsOverrideTheFragmentsWhileFragmentMappingsAddUp() throws Exception {
        assertEquals(404, status("/params-from-fragment"));
        assertEquals("200 name=fragmentOnly params=", get("/fragment-a"));
        assertEquals("200 name=fragmentOnly params=", get("/fragment-b"));
    }

    @Test
    void servletWhoseClassCannotBeLoadedAnswers500AndTheOthersServe() throws Exception {
        assertEquals(500, status("/missing"));
        assertEquals(500, status("/missing"));
        assertEquals(200, status("/params"));
    }

    @Test
    void contextNameIsTheDisplayNameAndTheEffectiveVersionIsTheDescriptorsVersion() throws Exception {
        HttpResponse<String> response = send("/params");
        assertEquals(true, response.body().endsWith(" context=Merging Demo version=5.0"), response.body());
    }

    private static String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(path);
        String body = response.body();
        return response.statusCode() + " " + body.substring(0, body.indexOf(" context="));
    }

    private static int status(String path) throws IOException, InterruptedException {
        return send(path).statusCode();
    }

    private static HttpResponse<String> send(String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(SERVED.uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void fragmentJar(Path jar, String body) throws IOException {
        WarTree.jar(jar, Map.of("META-INF/web-fragment.xml",
                "<web-fragment xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.1\">" + body + "</web-fragment>"));
    }
}
