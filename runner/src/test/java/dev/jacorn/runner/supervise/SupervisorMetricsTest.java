package dev.jacorn.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The supervisor's events as Prometheus series. */
class SupervisorMetricsTest {

    @Test
    void eventsBecomeWorkerGaugesAndCounters() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SupervisorMetrics metrics = new SupervisorMetrics(registry);
        WorkerOptions settings = new WorkerOptions(2, 1, Duration.ZERO, Duration.ofSeconds(1), Path.of("."));
        Worker one = new Worker(1, null, settings, 0, SupervisorEvents.NONE, () -> { });
        Worker two = new Worker(2, null, settings, 0, SupervisorEvents.NONE, () -> { });
        metrics.workerStateChanged(one, WorkerState.BOOTING, WorkerState.READY);
        metrics.workerStateChanged(two, WorkerState.BOOTING, WorkerState.READY);
        metrics.workerStateChanged(one, WorkerState.READY, WorkerState.DRAINING);
        metrics.workerReplaced(one, "max-requests");
        metrics.workerReplaced(two, "max-requests");
        metrics.workerReplaced(two, "stuck");
        metrics.reloaded(true);
        metrics.reloaded(false);
        metrics.reloaded(false);
        metrics.requestTimedOut(two);
        String scrape = registry.scrape();
        assertContains(scrape, "jacorn_workers{state=\"ready\"} 1.0");
        assertContains(scrape, "jacorn_workers{state=\"draining\"} 1.0");
        assertContains(scrape, "jacorn_worker_replacements_total{reason=\"max-requests\"} 2.0");
        assertContains(scrape, "jacorn_worker_replacements_total{reason=\"stuck\"} 1.0");
        assertContains(scrape, "jacorn_reloads_total{result=\"succeeded\"} 1.0");
        assertContains(scrape, "jacorn_reloads_total{result=\"failed\"} 2.0");
        assertContains(scrape, "jacorn_request_timeouts_total 1.0");
        metrics.workerStateChanged(one, WorkerState.DRAINING, WorkerState.STOPPED);
        assertContains(registry.scrape(), "jacorn_workers{state=\"draining\"} 0.0");
    }

    static void assertContains(String text, String expected) {
        assertTrue(text.contains(expected), "expected «" + expected + "» in\n" + text);
    }
}
