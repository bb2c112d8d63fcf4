package dev.jacorn.runner.observe;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * Wraps the router: counts each request in and, when its exchange completes, records its
 * metrics and writes its access log line. Runs on I/O threads; the completion listener on
 * whichever thread ends the exchange. Either part may be absent (null).
 */
final class RequestObserver implements HttpHandler {

    private final HttpHandler next;
    private final RequestMetrics metrics;
    private final AccessLog accessLog;

    RequestObserver(HttpHandler next, RequestMetrics metrics, AccessLog accessLog) {
        this.next = next;
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        if (metrics != null) {
            metrics.started();
        }
        exchange.addExchangeCompleteListener((done, nextListener) -> {
            try {
                long nanos = System.nanoTime() - start;
                if (metrics != null) {
                    metrics.finished(done.getRequestMethod().toString(), done.getStatusCode(), nanos);
                }
                if (accessLog != null) {
                    accessLog.write(RequestFacts.of(done, startMillis, nanos));
                }
            } finally {
                nextListener.proceed();
            }
        });
        next.handleRequest(exchange);
    }
}
