package dev.jacorn.runner.supervise;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The supervisor's meters, fed by its events: {@code jacorn_workers{state}} (workers READY and
 * DRAINING now, as last reported), {@code jacorn_reloads_total{result}},
 * {@code jacorn_worker_replacements_total{reason}} and {@code jacorn_request_timeouts_total}.
 * Called on the arbiter and watchdog threads; read by the registries on theirs.
 */
public final class SupervisorMetrics implements SupervisorEvents {

    private final MeterRegistry registry;
    private final Map<Worker, WorkerState> states = new ConcurrentHashMap<>();
    private final Counter timeouts;

    public SupervisorMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (WorkerState state : new WorkerState[] {WorkerState.READY, WorkerState.DRAINING}) {
            Gauge.builder("jacorn.workers", states, s -> s.values().stream().filter(state::equals).count())
                    .description("Workers by state").tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
        for (String result : new String[] {"succeeded", "failed"}) {
            reloads(result);
        }
        timeouts = Counter.builder("jacorn.request.timeouts")
                .description("Requests that ran past --timeout").register(registry);
    }

    private Counter reloads(String result) {
        return Counter.builder("jacorn.reloads").description("Reloads of every application, by result")
                .tag("result", result).register(registry);
    }

    @Override
    public void workerStateChanged(Worker worker, WorkerState from, WorkerState to) {
        if (to == WorkerState.STOPPED || to == WorkerState.FAILED) {
            states.remove(worker);
        } else {
            states.put(worker, to);
        }
    }

    @Override
    public void workerReplaced(Worker worker, String reason) {
        Counter.builder("jacorn.worker.replacements").description("Workers replaced, by reason")
                .tag("reason", reason).register(registry).increment();
    }

    @Override
    public void reloaded(boolean succeeded) {
        reloads(succeeded ? "succeeded" : "failed").increment();
    }

    @Override
    public void requestTimedOut(Worker worker) {
        timeouts.increment();
    }
}
