package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * CDI in servlet mode, as on Tomcat: the jersey-weld sample bundles Weld's servlet jar, whose
 * ServletExtension for Undertow the application's class loader can now link; one application-scoped
 * bean is injected into a servlet and into a JAX-RS resource. Weld's own lines (java.util.logging)
 * are in the error log's format.
 */
@ExtendWith(ServerLogOnFailure.class)
class JerseyWeldIT {

    @Test
    void weldInjectsOneApplicationScopedBeanIntoAServletAndAJaxRsResourceAcrossAReload() {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("jersey-weld").toString())) {
            int port = runner.awaitReady();
            // Weld logs with java.util.logging: its lines are the error log's, not JUL's two-line console format.
            String weld = runner.awaitLine("WELD-ENV-001302: Undertow detected", Duration.ofSeconds(5));
            assertTrue(weld.matches("\\[[^]]+\\] \\[" + runner.pid() + "\\] \\[INFO\\] WELD-ENV-001302: .*"), weld);
            assertEquals(0, runner.count("INFO: WELD-"), runner.log());
            given().port(port).get("/servlet?name=ada").then().statusCode(200)
                    .body(equalTo("Hello, ada! (greeting 1, from a servlet)\n"));
            given().port(port).get("/api/greet?name=bob").then().statusCode(200)
                    .body(equalTo("Hello, bob! (greeting 2, from JAX-RS)"));
            given().port(port).get("/servlet").then().statusCode(200)
                    .body(equalTo("Hello, world! (greeting 3, from a servlet)\n"));

            // A new worker gets its own container and its own bean; the old one shuts Weld down.
            runner.signal("HUP");
            runner.awaitLine("Reloaded: ", Duration.ofSeconds(120));
            runner.awaitLine("Worker exiting (worker 1, ", Duration.ofSeconds(60));
            given().port(port).get("/api/greet?name=cy").then().statusCode(200)
                    .body(equalTo("Hello, cy! (greeting 1, from JAX-RS)"));
            assertEquals(2, runner.count("weld: Greeter created by CDI"), runner.log());
        }
    }
}
