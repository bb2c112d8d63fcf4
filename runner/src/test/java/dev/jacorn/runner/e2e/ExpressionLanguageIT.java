package dev.jacorn.runner.e2e;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Expression Language is the container's for an application that does not bundle one, as on
 * Tomcat: the validation sample (Hibernate Validator, no EL in its WEB-INF/lib) builds its
 * validator at start and interpolates {@code ${validatedValue}} in its messages. Without EL it
 * would not start at all.
 */
@ExtendWith(ServerLogOnFailure.class)
class ExpressionLanguageIT {

    @Test
    void hibernateValidatorInterpolatesItsMessagesWithTheContainersEl() {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("validation").toString())) {
            int port = runner.awaitReady();
            given().port(port).formParam("name", "x").formParam("email", "nope").post("/register").then()
                    .statusCode(400)
                    .body(equalTo("'nope' is not an e-mail address\nname must be 2 to 40 characters, was 'x'\n"));
            given().port(port).formParam("name", "Ann").formParam("email", "ann@example.com").post("/register")
                    .then().statusCode(200).body(equalTo("registered Ann\n"));
        }
    }
}
