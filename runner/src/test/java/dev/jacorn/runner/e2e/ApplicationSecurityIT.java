package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.response.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Declarative security end to end: BASIC on {@code classic}, FORM and {@code @ServletSecurity} on
 * {@code form-login}, users from a {@code --users} realm file whose hashes the documented helper
 * printed, and the same WARs refusing access when no realm is given.
 */
@ExtendWith(ServerLogOnFailure.class)
class ApplicationSecurityIT {

    @TempDir
    static Path dir;
    static Path users;

    @BeforeAll
    static void writeTheRealmWithTheHashHelper() throws Exception {
        users = dir.resolve("users.txt");
        Files.writeString(users, "# the users of sample-webapps/README.md\n"
                + "admin:" + hashWithTheHelper("admin") + ":admin,user\n"
                + "\n"
                + "alice:" + hashWithTheHelper("alice") + ":user\n");
    }

    /** {@code echo PASSWORD | java -jar runner.jar hash-password}, as the README says. */
    static String hashWithTheHelper(String password) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", Samples.runnerJar().toString(), "hash-password")
                .redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the hash helper finished");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.matches("pbkdf2-sha256\\$\\d+\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+"), out);
        return out;
    }

    @Test
    void basicLoginChallengesChecksTheRoleAndAdmitsTheRightUser() {
        try (RunnerProcess runner = RunnerProcess.start("--users", users.toString(), Samples.war("classic").toString())) {
            int port = runner.awaitReady();
            given().port(port).get("/admin/anything").then().statusCode(401)
                    .header("WWW-Authenticate", startsWith("Basic realm=\"classic\""));
            given().port(port).auth().preemptive().basic("admin", "admin").get("/admin/anything").then()
                    .statusCode(200).contentType(startsWith("text/plain"))
                    .body(equalTo("admin: admin isUserInRole(admin)=true authType=BASIC\n"));
            given().port(port).auth().preemptive().basic("alice", "alice").get("/admin/anything").then().statusCode(403);
            given().port(port).auth().preemptive().basic("admin", "wrong").get("/admin/anything").then().statusCode(401);
            given().port(port).auth().preemptive().basic("nobody", "admin").get("/admin/anything").then().statusCode(401);
            given().port(port).get("/config").then().statusCode(200);
            runner.awaitLine("Realm " + users + ": 2 user(s)", Duration.ofSeconds(1));
        }
    }

    @Test
    void repeatedWrongPasswordsLockThatUserOutEvenWithTheRightPassword() {
        try (RunnerProcess runner = RunnerProcess.start("--users", users.toString(), "--lockout-failures", "3",
                Samples.war("classic").toString())) {
            int port = runner.awaitReady();
            for (int i = 0; i < 3; i++) {
                given().port(port).auth().preemptive().basic("admin", "guess" + i).get("/admin/x").then().statusCode(401);
            }
            runner.awaitLine("User admin is locked out for 300 s after 3 failed logins in a row", Duration.ofSeconds(10));
            given().port(port).auth().preemptive().basic("admin", "admin").get("/admin/x").then().statusCode(401);
            given().port(port).auth().preemptive().basic("alice", "alice").get("/admin/x").then().statusCode(403);
        }
    }

    @Test
    void formLoginRoundTripAndServletSecurityAnnotation() {
        try (RunnerProcess runner = RunnerProcess.start("--users", users.toString(),
                Samples.war("form-login").toString())) {
            int port = runner.awaitReady();
            given().port(port).get("/").then().statusCode(200).body(containsString("<h1>form-login public page</h1>"));

            String session = showsLoginPage(port, "/secure/whoami", null);
            String loggedIn = logIn(port, session, "alice", "alice", "/secure/whoami");
            given().port(port).cookie("JSESSIONID", loggedIn).get("/secure/whoami").then().statusCode(200)
                    .contentType(startsWith("text/plain"))
                    .body(equalTo("remoteUser=alice\nisUserInRole(user)=true\nauthType=FORM\n"));
            given().port(port).cookie("JSESSIONID", loggedIn).get("/annotated-admin").then().statusCode(403);
            given().port(port).cookie("JSESSIONID", loggedIn).get("/logout").then().statusCode(200)
                    .body(equalTo("logged out\n"));
            showsLoginPage(port, "/secure/whoami", loggedIn);

            String adminSession = showsLoginPage(port, "/annotated-admin", null);
            String admin = logIn(port, adminSession, "admin", "admin", "/annotated-admin");
            given().port(port).cookie("JSESSIONID", admin).get("/annotated-admin").then().statusCode(200)
                    .body(equalTo("annotated-admin: admin isUserInRole(admin)=true\n"));

            given().port(port).formParam("user", "alice").formParam("password", "alice").post("/programmatic-login")
                    .then().statusCode(200).body(equalTo("login: alice isUserInRole(user)=true\n"));
            given().port(port).formParam("user", "alice").formParam("password", "nope").post("/programmatic-login")
                    .then().statusCode(401).body(equalTo("login failed\n"));

            String failing = showsLoginPage(port, "/secure/whoami", null);
            given().port(port).cookie("JSESSIONID", failing).redirects().follow(false).formParam("j_username", "alice")
                    .formParam("j_password", "wrong").post("/j_security_check").then().statusCode(200)
                    .body(containsString("<h1>form-login: login failed</h1>"));
        }
    }

    @Test
    void withoutUsersProtectedResourcesAreRefusedNeverOpen() {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("classic").toString(),
                Samples.war("form-login") + ":/forms")) {
            int port = runner.awaitReady();
            runner.awaitLine("READY: form-login at /forms", Duration.ofSeconds(120));
            given().port(port).get("/admin/anything").then().statusCode(401);
            given().port(port).auth().preemptive().basic("admin", "admin").get("/admin/anything").then().statusCode(401);
            given().port(port).get("/config").then().statusCode(200);

            String session = showsLoginPage(port, "/forms/secure/whoami", null);
            given().port(port).cookie("JSESSIONID", session).redirects().follow(false)
                    .formParam("j_username", "admin").formParam("j_password", "admin")
                    .post("/forms/j_security_check").then().statusCode(200)
                    .body(containsString("<h1>form-login: login failed</h1>"));
            given().port(port).cookie("JSESSIONID", session).get("/forms/secure/whoami").then()
                    .body(containsString("id=\"jacorn-login-form\""));
        }
    }

    @Test
    void aMalformedRealmFileIsOneSentenceAndExitCodeTwo() throws IOException {
        Path bad = dir.resolve("bad-users.txt");
        Files.writeString(bad, "admin:admin:admin\n");
        try (RunnerProcess runner = RunnerProcess.start("--users", bad.toString(), Samples.war("classic").toString())) {
            assertEquals(2, runner.awaitExit(Duration.ofSeconds(60)));
            runner.awaitLine("Error: --users " + bad + " is not valid: line 1 of the realm file " + bad
                    + " is not valid: a password must be a hash pbkdf2-sha256$ITERATIONS$SALT$HASH, as printed by"
                    + " java -jar runner.jar hash-password.", Duration.ofSeconds(1));
            assertEquals(List.of(), runner.stderr().stream().filter(l -> l.startsWith("\tat ")).toList());
        }
    }

    /** Requests {@code path} unauthenticated and checks that the login page answers; returns the session. */
    private static String showsLoginPage(int port, String path, String session) {
        var request = given().port(port).redirects().follow(false);
        if (session != null) {
            request.cookie("JSESSIONID", session);
        }
        Response response = request.get(path);
        assertEquals(200, response.statusCode(), response.asString());
        assertTrue(response.asString().contains("id=\"jacorn-login-form\"")
                && response.asString().contains("action=\"j_security_check\""), response.asString());
        return response.getCookie("JSESSIONID") != null ? response.getCookie("JSESSIONID") : session;
    }

    /** Posts the login form in {@code session}; expects the redirect back to {@code target}; returns the new session. */
    private static String logIn(int port, String session, String user, String password, String target) {
        Response response = given().port(port).cookie("JSESSIONID", session).redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", password).post("/j_security_check");
        response.then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(302), equalTo(303)))
                .header("Location", endsWith(target));
        return response.getCookie("JSESSIONID") != null ? response.getCookie("JSESSIONID") : session;
    }
}
