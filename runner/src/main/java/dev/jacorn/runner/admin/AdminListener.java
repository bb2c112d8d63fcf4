package dev.jacorn.runner.admin;

import dev.jacorn.runner.exit.ExitCode;
import dev.jacorn.runner.exit.JacornException;
import dev.jacorn.runner.config.BindAddress;
import dev.jacorn.runner.lifecycle.AbstractLifeCycle;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code --admin-bind} listener: a small Undertow server of its own (one I/O thread, two
 * worker threads), apart from the application's listeners so that probes and scrapes keep
 * answering while those drain. It serves, to GET and HEAD:
 *
 * <ul>
 *   <li>{@code /metrics}: the Prometheus text format (404 when no registry was built);
 *   <li>{@code /healthz}: 200 {@code ok} while the arbiter loop turns, else 503;
 *   <li>{@code /readyz}: 200 {@code ready}, or 503 {@code not ready} while workers boot or once a
 *       shutdown began.
 * </ul>
 *
 * <p>Started after the application's sockets are bound and before the workers boot; closed after
 * the workers stopped, so {@code /readyz} answers 503 for the whole graceful shutdown. Start and
 * close from one thread; closing twice is harmless. As a
 * {@link dev.jacorn.runner.lifecycle.LifeCycle}: {@link #start} binds, {@link #stop} (or
 * {@link #close}) unbinds.
 */
public final class AdminListener extends AbstractLifeCycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AdminListener.class);

    private final BindAddress bind;
    private final PrometheusMeterRegistry prometheus;
    private final Health health;
    private Undertow server;

    /** @param bind where to listen, or null for no admin listener (then start and close do nothing) */
    public AdminListener(BindAddress bind, PrometheusMeterRegistry prometheus, Health health) {
        this.bind = bind;
        this.prometheus = prometheus;
        this.health = health;
    }

    /**
     * @throws JacornException exit 1 when the address cannot be bound
     */
    @Override
    protected void doStart() {
        if (bind == null) {
            return;
        }
        Undertow undertow = Undertow.builder()
                .addHttpListener(bind.port(), bind.host())
                .setIoThreads(1)
                .setWorkerThreads(2)
                .setHandler(this::handle)
                .build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            undertow.stop();
            throw new JacornException(ExitCode.ERROR, "The admin listener at --admin-bind " + bind
                    + " could not be opened (" + rootMessage(e) + "); choose a free port or another address.", null);
        }
        server = undertow;
        int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        LOG.info("Admin listening at: {} (/metrics, /healthz, /readyz)", bind.url("http", port));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    private void handle(HttpServerExchange exchange) throws Exception {
        if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            exchange.getResponseHeaders().put(Headers.ALLOW, "GET, HEAD");
            answer(exchange, StatusCodes.METHOD_NOT_ALLOWED, "text/plain; charset=UTF-8", "method not allowed\n");
            return;
        }
        switch (exchange.getRequestPath()) {
            case "/healthz" -> answer(exchange, health.isLive() ? 200 : 503, "text/plain; charset=UTF-8",
                    health.isLive() ? "ok\n" : "arbiter loop stalled for " + health.sinceLastTurn().toSeconds() + " s\n");
            case "/readyz" -> answer(exchange, health.isReady() ? 200 : 503, "text/plain; charset=UTF-8",
                    health.isReady() ? "ready\n" : "not ready\n");
            case "/metrics" -> metrics(exchange);
            default -> answer(exchange, 404, "text/plain; charset=UTF-8", "not found\n");
        }
    }

    private void metrics(HttpServerExchange exchange) {
        if (prometheus == null) {
            answer(exchange, 404, "text/plain; charset=UTF-8", "not found\n");
            return;
        }
        if (exchange.isInIoThread()) {
            // Scraping walks every meter: do it off the I/O thread.
            exchange.dispatch(this::metrics);
            return;
        }
        answer(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", prometheus.scrape());
    }

    private static void answer(HttpServerExchange exchange, int status, String type, String body) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(body);
    }

    /** Same as {@link #stop}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    protected void doStop() {
        if (server != null) {
            server.stop();
            server = null;
            LOG.debug("Admin listener closed");
        }
    }

    /** The bound port (the real one when 0 was asked for); -1 when not started. */
    public int port() {
        return server == null ? -1 : ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }
}
