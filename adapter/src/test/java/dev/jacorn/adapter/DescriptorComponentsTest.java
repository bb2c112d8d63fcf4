package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.FilterMappingInfo;
import io.undertow.servlet.api.SecurityConstraint;
import io.undertow.servlet.api.SecurityInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.api.ServletSecurityInfo;
import io.undertow.servlet.api.TransportGuaranteeType;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.SessionTrackingMode;
import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.HttpMethodConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.http.HttpServlet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.jboss.jandex.Index;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What web.xml declares becomes the Undertow deployment; security from descriptors and annotations. */
class DescriptorComponentsTest {

    public static class PlainServlet extends HttpServlet {
    }

    @ServletSecurity(value = @HttpConstraint(rolesAllowed = "admin"),
            httpMethodConstraints = @HttpMethodConstraint(value = "GET", emptyRoleSemantic = ServletSecurity.EmptyRoleSemantic.PERMIT))
    public static class GuardedServlet extends HttpServlet {
    }

    @RolesAllowed({"auditor", "admin"})
    public static class AuditServlet extends HttpServlet {
    }

    public static class PlainFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) {
        }
    }

    public static class PlainListener implements ServletContextListener {
    }

    @TempDir
    Path root;

    @Test
    void everyWebXmlElementReachesTheDeployment() throws IOException {
        DeploymentInfo info = assemble("""
                <context-param><param-name>greeting</param-name><param-value>hi</param-value></context-param>
                <listener><listener-class>%1$s$PlainListener</listener-class></listener>
                <filter><filter-name>f</filter-name><filter-class>%1$s$PlainFilter</filter-class>
                  <async-supported>true</async-supported>
                  <init-param><param-name>k</param-name><param-value>v</param-value></init-param></filter>
                <filter-mapping><filter-name>f</filter-name><url-pattern>/*</url-pattern>
                  <dispatcher>REQUEST</dispatcher><dispatcher>ERROR</dispatcher></filter-mapping>
                <servlet><servlet-name>s</servlet-name><servlet-class>%1$s$PlainServlet</servlet-class>
                  <init-param><param-name>mode</param-name><param-value>x</param-value></init-param>
                  <load-on-startup>3</load-on-startup><async-supported>true</async-supported>
                  <multipart-config><max-file-size>10</max-file-size><max-request-size>20</max-request-size>
                  </multipart-config></servlet>
                <servlet-mapping><servlet-name>s</servlet-name><url-pattern>/s/*</url-pattern>
                  <url-pattern>*.do</url-pattern></servlet-mapping>
                <session-config><session-timeout>2</session-timeout>
                  <cookie-config><name>SID</name><http-only>true</http-only><secure>true</secure></cookie-config>
                  <tracking-mode>COOKIE</tracking-mode></session-config>
                <mime-mapping><extension>jacorn</extension><mime-type>application/x-jacorn</mime-type></mime-mapping>
                <welcome-file-list><welcome-file>home.html</welcome-file></welcome-file-list>
                <error-page><error-code>404</error-code><location>/404.html</location></error-page>
                <error-page><exception-type>java.lang.IllegalStateException</exception-type><location>/oops</location></error-page>
                <locale-encoding-mapping-list><locale-encoding-mapping><locale>ja</locale>
                  <encoding>Shift_JIS</encoding></locale-encoding-mapping></locale-encoding-mapping-list>
                <request-character-encoding>UTF-8</request-character-encoding>
                <response-character-encoding>UTF-8</response-character-encoding>
                """);
        assertEquals("hi", info.getInitParameters().get("greeting"));
        assertEquals(PlainListener.class, info.getListeners().get(0).getListenerClass());
        assertEquals("v", info.getFilters().get("f").getInitParams().get("k"));
        assertTrue(info.getFilters().get("f").isAsyncSupported());
        assertEquals(Set.of(DispatcherType.REQUEST, DispatcherType.ERROR), Set.copyOf(
                info.getFilterMappings().stream().map(FilterMappingInfo::getDispatcher).toList()));
        ServletInfo servlet = info.getServlets().get("s");
        assertEquals(PlainServlet.class, servlet.getServletClass());
        assertEquals(List.of("/s/*", "*.do"), servlet.getMappings());
        assertEquals("x", servlet.getInitParams().get("mode"));
        assertEquals(3, servlet.getLoadOnStartup());
        assertTrue(servlet.isAsyncSupported());
        assertEquals(10, servlet.getMultipartConfig().getMaxFileSize());
        assertEquals(20, servlet.getMultipartConfig().getMaxRequestSize());
        assertEquals(120, info.getDefaultSessionTimeout());
        assertEquals("SID", info.getServletSessionConfig().getName());
        assertTrue(info.getServletSessionConfig().isHttpOnly() && info.getServletSessionConfig().isSecure());
        assertEquals(Set.of(SessionTrackingMode.COOKIE), info.getServletSessionConfig().getSessionTrackingModes());
        assertEquals("application/x-jacorn", info.getMimeMappings().get(0).getMimeType());
        assertEquals(List.of("home.html"), info.getWelcomePages());
        assertEquals(404, info.getErrorPages().get(0).getErrorCode());
        assertEquals(IllegalStateException.class, info.getErrorPages().get(1).getExceptionType());
        assertEquals("Shift_JIS", info.getLocaleCharsetMapping().get("ja"));
        assertEquals("UTF-8", info.getDefaultRequestEncoding());
        assertEquals("UTF-8", info.getDefaultResponseEncoding());
    }

    @Test
    void securityConstraintsLoginConfigAndRolesReachTheDeployment() throws IOException {
        DeploymentInfo info = assemble("""
                <security-constraint><web-resource-collection><web-resource-name>a</web-resource-name>
                  <url-pattern>/admin/*</url-pattern><http-method>POST</http-method></web-resource-collection>
                  <auth-constraint><role-name>admin</role-name></auth-constraint>
                  <user-data-constraint><transport-guarantee>CONFIDENTIAL</transport-guarantee></user-data-constraint>
                </security-constraint>
                <security-constraint><web-resource-collection><web-resource-name>closed</web-resource-name>
                  <url-pattern>/closed/*</url-pattern></web-resource-collection><auth-constraint/></security-constraint>
                <security-constraint><web-resource-collection><web-resource-name>any</web-resource-name>
                  <url-pattern>/members/*</url-pattern></web-resource-collection>
                  <auth-constraint><role-name>**</role-name></auth-constraint></security-constraint>
                <login-config><auth-method>FORM</auth-method><form-login-config>
                  <form-login-page>/login.html</form-login-page><form-error-page>/error.html</form-error-page>
                  </form-login-config></login-config>
                <security-role><role-name>admin</role-name></security-role>
                """);
        SecurityConstraint admin = info.getSecurityConstraints().get(0);
        assertEquals(Set.of("admin"), admin.getRolesAllowed());
        assertEquals(Set.of("/admin/*"), admin.getWebResourceCollections().iterator().next().getUrlPatterns());
        assertEquals(Set.of("POST"), admin.getWebResourceCollections().iterator().next().getHttpMethods());
        assertEquals(TransportGuaranteeType.CONFIDENTIAL, admin.getTransportGuaranteeType());
        SecurityConstraint closed = info.getSecurityConstraints().get(1);
        assertTrue(closed.getRolesAllowed().isEmpty());
        assertEquals(SecurityInfo.EmptyRoleSemantic.DENY, closed.getEmptyRoleSemantic());
        assertEquals(SecurityInfo.EmptyRoleSemantic.AUTHENTICATE, info.getSecurityConstraints().get(2).getEmptyRoleSemantic());
        assertEquals("FORM", info.getLoginConfig().getAuthMethods().get(0).getName());
        assertEquals("/login.html", info.getLoginConfig().getLoginPage());
        assertEquals("/error.html", info.getLoginConfig().getErrorPage());
        assertEquals("app", info.getLoginConfig().getRealmName());
        assertEquals(Set.of("admin"), info.getSecurityRoles());
    }

    @Test
    void servletSecurityAndRolesAllowedAnnotationsBecomeServletSecurity() throws IOException {
        DeploymentInfo info = Servlets.deployment().setDisplayName("app")
                .addServlet(new ServletInfo("plain", PlainServlet.class))
                .addServlet(new ServletInfo("guarded", GuardedServlet.class))
                .addServlet(new ServletInfo("audit", AuditServlet.class));
        AnnotatedSecurity.apply(info, Index.of(PlainServlet.class, GuardedServlet.class, AuditServlet.class));

        assertNull(info.getServlets().get("plain").getServletSecurityInfo());
        ServletSecurityInfo guarded = info.getServlets().get("guarded").getServletSecurityInfo();
        assertEquals(Set.of("admin"), guarded.getRolesAllowed());
        assertEquals("GET", guarded.getHttpMethodSecurityInfo().get(0).getMethod());
        assertEquals(SecurityInfo.EmptyRoleSemantic.PERMIT, guarded.getHttpMethodSecurityInfo().get(0).getEmptyRoleSemantic());
        ServletSecurityInfo audit = info.getServlets().get("audit").getServletSecurityInfo();
        assertEquals(Set.of("auditor", "admin"), audit.getRolesAllowed());
        assertFalse(audit.getRolesAllowed().isEmpty());
    }

    private DeploymentInfo assemble(String body) throws IOException {
        Files.createDirectories(root.resolve("WEB-INF"));
        Files.writeString(root.resolve("WEB-INF/web.xml"), "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\""
                + " version=\"6.1\">" + body.formatted(DescriptorComponentsTest.class.getName()) + "</web-app>");
        WebDescriptor descriptor = WebDescriptor.read("app", root, List.of());
        DeploymentInfo info = Servlets.deployment().setDisplayName("app");
        DescriptorComponents.register(info, descriptor.webXml(), descriptor.webXml(), getClass().getClassLoader(),
                "WEB-INF/web.xml");
        DeclaredSecurity.register(info, descriptor.webXml());
        return info;
    }
}
