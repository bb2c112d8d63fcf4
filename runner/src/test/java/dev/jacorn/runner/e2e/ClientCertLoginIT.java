package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.e2e.EdgeCertificates.KeyForm;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLIENT-CERT login end to end: a WAR whose web.xml says {@code <auth-method>CLIENT-CERT}, an
 * HTTPS listener asking for client certificates ({@code --cert-reqs optional --ca-certs}) beside a
 * cleartext one, client certificates made by {@code openssl} for a CA of the test, and a
 * {@code --users} realm whose certificate users have no password hash.
 */
@ExtendWith(ServerLogOnFailure.class)
class ClientCertLoginIT {

    /** As the realm file writes it: blanks after the commas, unlike the certificate's RFC 2253 form. */
    private static final String ALICE = "CN=Alice Admin, O=Jacorn Test";

    private static final String WEB_XML = """
            <?xml version="1.0" encoding="UTF-8"?>
            <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.1">
              <servlet><servlet-name>whoami</servlet-name>
                <servlet-class>dev.jacorn.runner.fixtures.WhoAmIServlet</servlet-class></servlet>
              <servlet-mapping><servlet-name>whoami</servlet-name><url-pattern>/*</url-pattern></servlet-mapping>
              <security-constraint>
                <web-resource-collection><web-resource-name>admin</web-resource-name>
                  <url-pattern>/admin/*</url-pattern></web-resource-collection>
                <auth-constraint><role-name>admin</role-name></auth-constraint>
              </security-constraint>
              <security-constraint>
                <web-resource-collection><web-resource-name>confidential</web-resource-name>
                  <url-pattern>/confidential/*</url-pattern></web-resource-collection>
                <auth-constraint><role-name>admin</role-name></auth-constraint>
                <user-data-constraint><transport-guarantee>CONFIDENTIAL</transport-guarantee></user-data-constraint>
              </security-constraint>
              <login-config><auth-method>CLIENT-CERT</auth-method></login-config>
              <security-role><role-name>admin</role-name></security-role>
              <security-role><role-name>user</role-name></security-role>
            </web-app>
            """;

    @TempDir
    static Path dir;
    private static EdgeCertificates pki;
    private static Path[] serverFiles;
    private static Path users;
    private static Path app;

    @BeforeAll
    static void makeCertificatesRealmAndWar() throws IOException {
        pki = EdgeCertificates.create(dir);
        serverFiles = pki.server(KeyForm.EC_PKCS8);
        pki.client("alice", "/O=Jacorn Test/CN=Alice Admin");
        pki.client("carol", "/O=Jacorn Test/CN=Carol");
        pki.client("mallory", "/O=Jacorn Test/CN=Mallory");
        users = dir.resolve("users.txt");
        Files.writeString(users, "# certificate users: no password hash\n"
                + ALICE + "::admin,user\n"
                + "cn=carol,o=jacorn test::user\n");
        app = dir.resolve("clientcert");
        String fixture = "dev/jacorn/runner/fixtures/WhoAmIServlet.class";
        Path target = app.resolve("WEB-INF/classes").resolve(fixture);
        Files.createDirectories(target.getParent());
        Files.copy(Samples.testClasses().resolve(fixture), target);
        Files.writeString(app.resolve("WEB-INF/web.xml"), WEB_XML);
    }

    @Test
    void theCertificateSubjectIsTheUserWithItsRolesAndOtherCallersAreRefusedAsTomcatDoes() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--bind", "127.0.0.1:0", "--bind", "http://127.0.0.1:0",
                "--certfile", serverFiles[0].toString(), "--keyfile", serverFiles[1].toString(),
                "--ca-certs", pki.caFile().toString(), "--cert-reqs", "optional", "--users", users.toString(),
                app.toString())) {
            runner.awaitReady();
            int https = runner.listening(0).port();
            int http = runner.listening(1).port();
            runner.awaitLine("Realm " + users + ": 2 user(s), 2 of them by client certificate", Duration.ofSeconds(1));

            for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
                HttpResponse<String> alice = get(pki.clientContext("alice"), version,
                        "https://127.0.0.1:" + https + "/admin/report");
                assertEquals(200, alice.statusCode(), alice.body());
                assertEquals(version, alice.version());
                String body = alice.body();
                assertEquals(ALICE, info(body, "remoteUser"), "the name as the realm file writes it");
                assertEquals(ALICE, info(body, "principal"));
                assertEquals("CLIENT_CERT", info(body, "authType"));
                assertEquals("true", info(body, "isUserInRole(admin)"));
                assertEquals("true", info(body, "isUserInRole(user)"));
                assertEquals("CN=Alice Admin,O=Jacorn Test", info(body, "certificate"));
            }
            HttpResponse<String> confidential = get(pki.clientContext("alice"), HttpClient.Version.HTTP_1_1,
                    "https://127.0.0.1:" + https + "/confidential/x");
            assertEquals(200, confidential.statusCode());
            assertEquals(ALICE, info(confidential.body(), "remoteUser"));

            // A known user without the role: authenticated, not allowed.
            assertEquals(403, get(pki.clientContext("carol"), HttpClient.Version.HTTP_1_1,
                    "https://127.0.0.1:" + https + "/admin/report").statusCode());
            // Tomcat answers 401 both to a certificate the realm does not know and to no certificate at all.
            assertEquals(401, get(pki.clientContext("mallory"), HttpClient.Version.HTTP_1_1,
                    "https://127.0.0.1:" + https + "/admin/report").statusCode());
            assertEquals(401, get(pki.clientContext((String) null), HttpClient.Version.HTTP_1_1,
                    "https://127.0.0.1:" + https + "/admin/report").statusCode());
            assertEquals(401, get(pki.clientContext((String) null), HttpClient.Version.HTTP_2,
                    "https://127.0.0.1:" + https + "/admin/report").statusCode());

            // Cleartext: no certificate can ever come, so 403; a CONFIDENTIAL resource redirects to HTTPS.
            assertEquals(403, get(null, HttpClient.Version.HTTP_1_1,
                    "http://127.0.0.1:" + http + "/admin/report").statusCode());
            HttpResponse<String> redirected = get(null, HttpClient.Version.HTTP_1_1,
                    "http://127.0.0.1:" + http + "/confidential/x");
            assertEquals(302, redirected.statusCode());
            assertEquals("https://127.0.0.1:" + https + "/confidential/x",
                    redirected.headers().firstValue("Location").orElse(null));

            // An unprotected resource needs no certificate.
            assertEquals("null", info(get(null, HttpClient.Version.HTTP_1_1,
                    "http://127.0.0.1:" + http + "/open").body(), "remoteUser"));
            assertEquals(0, runner.count("Exception"), runner.log());
        }
    }

    @Test
    void withoutAListenerThatAsksForCertificatesTheApplicationIsNamedInAWarningAndRefusesEveryone() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start("--users", users.toString(), app.toString())) {
            int port = runner.awaitReady();
            runner.awaitLine("[WARN] Application clientcert logs users in by client certificate (CLIENT-CERT) but no"
                    + " HTTPS listener asks for one, so its protected resources refuse everyone; serve HTTPS (--certfile,"
                    + " --keyfile) with --ca-certs FILE and --cert-reqs optional", Duration.ofSeconds(1));
            assertEquals(403, get(null, HttpClient.Version.HTTP_1_1, "http://127.0.0.1:" + port + "/admin/report")
                    .statusCode());
        }
    }

    private static HttpResponse<String> get(SSLContext context, HttpClient.Version version, String url)
            throws IOException, InterruptedException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(20)).version(version);
        if (context != null) {
            builder.sslContext(context);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
        return builder.build().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String info(String body, String key) {
        assertTrue(body.contains(key + "="), body);
        return TlsIT.info(body, key);
    }
}
