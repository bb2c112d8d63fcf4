package dev.jacorn.runner.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jacorn.runner.config.BindAddress;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The admin listener's answers for each state of the probes, in-process on port 0. */
class AdminListenerTest {

    @Test
    void probesAnswer503WhenNotReadyOrStalledAnd200Otherwise() {
        AtomicBoolean ready = new AtomicBoolean(false);
        AtomicLong clock = new AtomicLong(0);
        Health health = new Health(ready::get, () -> 0, clock::get);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("jacorn.test").increment();
        AdminListener admin = new AdminListener(new BindAddress(null, "127.0.0.1", 0), registry, health);
        try {
            admin.start();
            int port = admin.port();
            given().port(port).get("/readyz").then().statusCode(503).body(equalTo("not ready\n"));
            ready.set(true);
            given().port(port).get("/readyz").then().statusCode(200).body(equalTo("ready\n"));
            given().port(port).get("/healthz").then().statusCode(200).body(equalTo("ok\n"));
            clock.set(Health.STALL.plusSeconds(1).toNanos());
            given().port(port).get("/healthz").then().statusCode(503).body(equalTo("arbiter loop stalled for 61 s\n"));
            given().port(port).get("/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString(
                    "jacorn_test_total 1.0"));
        } finally {
            admin.close();
            admin.close();
        }
        assertEquals(-1, admin.port());
    }

    @Test
    void withoutAnAddressNothingListens() {
        AdminListener admin = new AdminListener(null, null, new Health(() -> true, () -> 0, () -> 0));
        admin.start();
        assertEquals(-1, admin.port());
        admin.close();
    }
}
