package dev.jacorn.runner.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The request meters: {@code jacorn_requests_total{method,status}} (status as its class,
 * {@code 2xx}), {@code jacorn_request_duration_seconds} (a histogram) and
 * {@code jacorn_requests_in_flight}. Every counter is registered up front, so recording a request
 * is two array lookups and no allocation; any thread.
 */
final class RequestMetrics {

    /** Methods outside this list are counted as {@code other}, so clients cannot grow the series. */
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "TRACE", "CONNECT", "other");
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final Counter[][] requests = new Counter[METHODS.size()][5];
    private final Timer duration;
    private final AtomicInteger inFlight = new AtomicInteger();

    RequestMetrics(MeterRegistry registry) {
        for (int m = 0; m < METHODS.size(); m++) {
            for (int s = 0; s < 5; s++) {
                requests[m][s] = Counter.builder("jacorn.requests")
                        .description("Requests answered, by method and status class")
                        .tag("method", METHODS.get(m)).tag("status", (s + 1) + "xx")
                        .register(registry);
            }
        }
        duration = Timer.builder("jacorn.request.duration")
                .description("Time from a request's arrival to the end of its response")
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        Gauge.builder("jacorn.requests.in.flight", inFlight, AtomicInteger::get)
                .description("Requests being served now")
                .register(registry);
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void finished(String method, int status, long nanos) {
        inFlight.decrementAndGet();
        int m = METHODS.indexOf(method);
        int s = Math.max(1, Math.min(5, status / 100)) - 1;
        requests[m < 0 ? METHODS.size() - 1 : m][s].increment();
        duration.record(nanos, TimeUnit.NANOSECONDS);
    }
}
