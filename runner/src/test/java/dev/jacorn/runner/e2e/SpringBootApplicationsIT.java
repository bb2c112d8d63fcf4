package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Spring Boot 4 sample, a repackaged executable WAR, deploys through
 * {@code SpringServletContainerInitializer} ({@code @HandlesTypes}), answers as its README says,
 * logs with its own logback while the runner keeps its own format, and ignores
 * {@code WEB-INF/lib-provided} (Boot's embedded Tomcat).
 */
@ExtendWith(ServerLogOnFailure.class)
class SpringBootApplicationsIT {

    /** The runner's own line format: {@code [date] [pid] [LEVEL] message}. */
    private static final String RUNNER_LINE = "^\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\\] \\[\\d+\\] \\[INFO\\] ";

    @Test
    void springBootWarAnswersWithItsOwnLoggingBesideTheRunners() {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("spring-boot").toString())) {
            int port = runner.awaitReady();
            given().port(port).get("/api/greeting?name=x").then().statusCode(200).contentType("application/json")
                    .body(equalTo("{\"message\":\"Hello, x!\"}"));
            given().port(port).get("/api/greeting").then().body(equalTo("{\"message\":\"Hello, world!\"}"));
            given().port(port).contentType("application/json").body("{\"name\":\"a\",\"count\":2}")
                    .post("/api/echo").then().statusCode(200).body(equalTo("{\"name\":\"a\",\"count\":2}"));
            given().port(port).contentType("application/json").body("{\"name\":\"\",\"count\":-1}")
                    .post("/api/echo").then().statusCode(400).contentType("application/json")
                    .body(equalTo("{\"status\":400,\"error\":\"validation failed\",\"fields\":{\"count\":"
                            + "\"must be greater than or equal to 0\",\"name\":\"must not be blank\"}}"));
            given().port(port).contentType("application/json").body("{\"name\":").post("/api/echo").then()
                    .statusCode(400).body(equalTo("{\"status\":400,\"error\":\"malformed JSON\",\"fields\":{}}"));
            given().port(port).get("/api/async").then().statusCode(200).body(matchesPattern(
                    "\\{\"message\":\"async done\",\"requestThread\":\"[^\"]+\",\"completedOn\":\"boot-sample-async-\\d+\"}"));
            given().port(port).get("/api/info").then().statusCode(200)
                    .body(containsString("\"springBootVersion\":\"4.0.7\""))
                    .body(containsString("\"loggerFactory\":\"ch.qos.logback.classic.LoggerContext\""))
                    .body(containsString("\"loggingFromApplication\":true"))
                    .body(containsString("\"appClassLoader\":\"dev.jacorn.adapter.WebAppClassLoader\""));
            given().port(port).get("/no-such-path").then().statusCode(404).body(containsString("\"status\":404"));
            // Boot's embedded Tomcat lives in WEB-INF/lib-provided: never on the class path, never served.
            given().port(port).get("/WEB-INF/lib-provided/").then().statusCode(404);

            runner.awaitLine("[boot-sample] INFO  d.j.s.boot.BootSampleApplication - Started BootSampleApplication",
                    Duration.ofSeconds(1));
            // java.util.logging is the JVM's: Boot leaves it to the server, as on Tomcat, rather than take it.
            String jul = runner.awaitLine("spring-boot sample ready, said through java.util.logging", Duration.ofSeconds(1));
            assertTrue(jul.matches(RUNNER_LINE + "spring-boot sample ready, said through java.util.logging$"), jul);
            String ready = runner.awaitLine("Worker 1 READY: spring-boot at / in ", Duration.ofSeconds(1));
            assertTrue(ready.matches(RUNNER_LINE + "Worker 1 READY: spring-boot at / in \\d+ ms$"), ready);
            String indexed = runner.awaitLine("Indexed spring-boot", Duration.ofSeconds(1));
            assertTrue(indexed.matches(RUNNER_LINE + "Indexed spring-boot \\(\\d+ classpath entries\\) in \\d+ ms$"),
                    indexed);
            System.out.println("spring-boot deploy: " + ready + " / " + indexed);
        }
    }
}
