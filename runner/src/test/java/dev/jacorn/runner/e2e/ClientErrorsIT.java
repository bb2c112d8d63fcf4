package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What a client sees when the application fails: a short status, never the stack trace. */
@ExtendWith(ServerLogOnFailure.class)
class ClientErrorsIT {

    @Test
    void anExceptionInTheApplicationIsAShort500ForTheClientAndAStackTraceInTheLog() {
        try (RunnerProcess runner = RunnerProcess.start("--classpath", Samples.testClasses().toString(),
                "dev.jacorn.runner.fixtures.ThrowingServlet")) {
            int port = runner.awaitReady();
            String body = given().port(port).get("/boom").then().statusCode(500)
                    .body(not(containsString("secret-detail-from-the-application")))
                    .body(not(containsString("ThrowingServlet.doGet"))).extract().asString();
            assertTrue(body.length() < 2000, "a short error page, got " + body.length() + " bytes");
            runner.awaitLine("secret-detail-from-the-application", Duration.ofSeconds(10));
            runner.awaitLine("dev.jacorn.runner.fixtures.ThrowingServlet.doGet(ThrowingServlet.java:", Duration.ofSeconds(10));
        }
    }

    @Test
    void anUnknownContextPathIsA404AndNotAnError() {
        try (RunnerProcess runner = RunnerProcess.start("--classpath", Samples.testClasses().toString(),
                "dev.jacorn.runner.fixtures.RecordingServlet:/rec")) {
            int port = runner.awaitReady();
            given().port(port).get("/elsewhere").then().statusCode(404).body(containsString("Not Found"));
        }
    }
}
