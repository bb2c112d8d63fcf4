package dev.jacorn.runner.observe;

import dev.jacorn.adapter.session.SharedSessions;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The session meters, per application: {@code jacorn_sessions_active} (memory store only),
 * {@code jacorn_sessions_started_total} (created; Prometheus reserves the _created suffix), {@code jacorn_sessions_expired_total},
 * {@code jacorn_sessions_evicted_total} (dropped to stay within --max-sessions) and
 * {@code jacorn_session_store_errors_total}, and {@code jacorn_session_store_latency_seconds} for
 * each call to Redis. Without a registry (no --admin-bind, no --statsd-host) it records nothing.
 */
public final class SessionMetrics {

    private final MeterRegistry registry;

    SessionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Publishes the counts of one application's sessions. */
    public void track(SharedSessions sessions) {
        if (registry == null) {
            return;
        }
        String application = sessions.application();
        if (sessions.active() >= 0) {
            Gauge.builder("jacorn.sessions.active", sessions, SharedSessions::active)
                    .description("Sessions in the store").tag("application", application).register(registry);
        }
        FunctionCounter.builder("jacorn.sessions.started", sessions, SharedSessions::created)
                .description("Sessions created").tag("application", application).register(registry);
        FunctionCounter.builder("jacorn.sessions.expired", sessions, SharedSessions::expired)
                .description("Sessions that timed out (memory store)").tag("application", application).register(registry);
        FunctionCounter.builder("jacorn.sessions.evicted", sessions, SharedSessions::evicted)
                .description("Sessions dropped to stay within --max-sessions").tag("application", application)
                .register(registry);
        FunctionCounter.builder("jacorn.session.store.errors", sessions, SharedSessions::storeErrors)
                .description("Session store operations that failed").tag("application", application).register(registry);
    }

    /** Where a store reports how long each of its calls took, in nanoseconds. */
    public LongConsumer storeLatency(String store) {
        if (registry == null) {
            return nanos -> { };
        }
        Timer timer = Timer.builder("jacorn.session.store.latency").description("Calls to the session store")
                .tag("store", store.startsWith("rediss") ? "rediss" : store.startsWith("redis") ? "redis" : store)
                .register(registry);
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }
}
