package dev.jacorn.runner.observe;

import dev.jacorn.runner.config.BindAddress;
import dev.jacorn.runner.config.Config;
import dev.jacorn.runner.config.Settings;
import dev.jacorn.runner.lifecycle.AbstractLifeCycle;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.statsd.StatsdConfig;
import io.micrometer.statsd.StatsdFlavor;
import io.micrometer.statsd.StatsdMeterRegistry;
import io.undertow.server.HttpHandler;
import java.time.Duration;
import java.time.ZoneId;

/**
 * Everything the runner reports about itself, built from the settings in one place: the logs
 * (with SIGUSR1 reopening), the access log, and the meters, published to Prometheus (scraped
 * from the admin listener when {@code --admin-bind} is set) and pushed over StatsD (when
 * {@code --statsd-host} is set). With neither, no meter exists and requests are not timed.
 *
 * <p>Started first by the composition root ({@link #start()} applies the logging settings and
 * binds the JVM meters), stopped last ({@link #stop()} flushes StatsD and the access log's
 * buffer). Not thread-safe to build; its handler and registry are.
 */
public final class Telemetry extends AbstractLifeCycle implements AutoCloseable {

    /** How often StatsD lines are flushed and gauges sampled. */
    static final Duration STATSD_FLUSH = Duration.ofSeconds(5);

    private final AccessLog accessLog;
    private final PrometheusMeterRegistry prometheus;
    private final StatsdMeterRegistry statsd;
    private final CompositeMeterRegistry registry;
    private final RequestMetrics requests;
    private final Config config;
    private JvmGcMetrics gc;
    private LogFiles logFiles;

    /** Builds the meters and the access log; nothing is applied before {@link #start()}. */
    public Telemetry(Config config) {
        this.config = config;
        accessLog = config.get(Settings.ACCESS_LOGFILE) == null ? null
                : new AccessLog(config.get(Settings.ACCESS_LOGFORMAT), config.get(Settings.ACCESS_LOG_JSON),
                        ZoneId.systemDefault(), System.getenv());
        prometheus = config.get(Settings.ADMIN_BIND) == null ? null : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        BindAddress statsdHost = config.get(Settings.STATSD_HOST);
        statsd = statsdHost == null ? null : statsd(statsdHost, config.get(Settings.STATSD_PREFIX));
        if (prometheus == null && statsd == null) {
            registry = null;
            requests = null;
            return;
        }
        registry = new CompositeMeterRegistry();
        if (prometheus != null) {
            registry.add(prometheus);
        }
        if (statsd != null) {
            registry.add(statsd);
        }
        requests = new RequestMetrics(registry);
    }

    /**
     * Builds and starts the telemetry: the logging settings applied, the meters built.
     *
     * @throws dev.jacorn.runner.config.SettingException when {@code --log-config} cannot be used
     */
    public static Telemetry start(Config config) {
        Telemetry telemetry = new Telemetry(config);
        telemetry.start();
        return telemetry;
    }

    /**
     * Applies the logging settings (SIGUSR1 reopens the log files from now on) and binds the JVM
     * meters.
     *
     * @throws dev.jacorn.runner.config.SettingException when {@code --log-config} cannot be used
     */
    @Override
    protected void doStart() {
        logFiles = Logging.configure(config);
        LogReopener.install(logFiles);
        logFiles.startFlushing();
        if (registry != null) {
            bindJvmMeters(registry);
        }
    }

    private static StatsdMeterRegistry statsd(BindAddress address, String prefix) {
        StatsdConfig config = new StatsdConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public StatsdFlavor flavor() {
                return StatsdFlavor.ETSY;
            }

            @Override
            public String host() {
                return address.host();
            }

            @Override
            public int port() {
                return address.port();
            }

            @Override
            public Duration pollingFrequency() {
                return STATSD_FLUSH;
            }
        };
        StatsdMeterRegistry registry = new StatsdMeterRegistry(config, Telemetry::statsdName, Clock.SYSTEM);
        registry.config().namingConvention(NamingConvention.dot);
        if (!prefix.isEmpty()) {
            registry.config().meterFilter(new MeterFilter() {
                @Override
                public Meter.Id map(Meter.Id id) {
                    return id.withName(prefix + "." + id.getName());
                }
            });
        }
        return registry;
    }

    /**
     * Gunicorn-like dotted names: {@code prefix.jacorn.requests.method.GET.status.2xx}; the tags
     * follow the name as key.value pairs, except Micrometer's {@code statistic}, which the StatsD
     * type ({@code |c}, {@code |ms}, {@code |g}) already says.
     */
    private static String statsdName(Meter.Id id, NamingConvention convention) {
        StringBuilder name = new StringBuilder(id.getConventionName(convention));
        for (Tag tag : id.getConventionTags(convention)) {
            if (!tag.getKey().equals("statistic")) {
                name.append('.').append(tag.getKey()).append('.').append(tag.getValue());
            }
        }
        return name.toString();
    }

    private void bindJvmMeters(MeterRegistry target) {
        new JvmMemoryMetrics().bindTo(target);
        gc = new JvmGcMetrics();
        gc.bindTo(target);
        new JvmThreadMetrics().bindTo(target);
        new ClassLoaderMetrics().bindTo(target);
        new ProcessorMetrics().bindTo(target);
        new UptimeMetrics().bindTo(target);
    }

    /** The handler to put behind the listeners: {@code router} itself when nothing observes requests. */
    public HttpHandler observe(HttpHandler router) {
        return requests == null && accessLog == null ? router : new RequestObserver(router, requests, accessLog);
    }

    /**
     * Where the other parts register their meters (the supervisor's, for one), or null when
     * neither {@code --admin-bind} nor {@code --statsd-host} asks for meters.
     */
    public MeterRegistry registry() {
        return registry;
    }

    /** Where the session stores publish their meters. */
    public SessionMetrics sessionMetrics() {
        return new SessionMetrics(registry);
    }

    /** The Prometheus registry the admin listener scrapes, or null without {@code --admin-bind}. */
    public PrometheusMeterRegistry prometheus() {
        return prometheus;
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    /** Flushes and stops the StatsD client and the GC listener. */
    @Override
    protected void doStop() {
        if (gc != null) {
            gc.close();
            gc = null;
        }
        if (registry != null) {
            registry.close();
            // The composite forgets its children on close; stop the StatsD client explicitly so it flushes.
            if (statsd != null) {
                statsd.close();
            }
            if (prometheus != null) {
                prometheus.close();
            }
        }
        if (logFiles != null) {
            logFiles.close();
        }
    }
}
