package dev.jacorn.runner.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.testing.Await;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Where the last step of an exchange a request thread finished runs, on a real Undertow listener. */
class IoThreadCompletionTest {

    @RegisterExtension
    final LocalUndertow undertow = new LocalUndertow();

    private final List<String> lastStepThreads = new CopyOnWriteArrayList<>();

    @Test
    void aDispatchedExchangeFinishesOnItsIoThread() throws Exception {
        int port = start(next -> new IoThreadCompletion(new KeepAliveConnections(), next));
        for (int i = 0; i < 5; i++) {
            assertEquals("served " + i, get(port, i));
        }
        awaitLastSteps(5);
        assertTrue(lastStepThreads.stream().allMatch(name -> name.contains("I/O")), lastStepThreads.toString());
    }

    @Test
    void withoutItTheRequestThreadFinishesTheExchange() throws Exception {
        int port = start(UnaryOperator.identity());
        assertEquals("served 0", get(port, 0));
        awaitLastSteps(1);
        assertEquals(List.of("request-thread"), lastStepThreads);
    }

    /** Serves blocking responses from the request threads, behind {@code wrap}; records where the last listener ran. */
    private int start(UnaryOperator<HttpHandler> wrap) {
        HttpHandler app = exchange -> exchange.dispatch(undertow.requestThreads(), () -> respond(exchange));
        HttpHandler wrapped = wrap.apply(app);
        return undertow.serve(exchange -> {
            // Registered first, so it runs last, as Undertow's own connection step does.
            exchange.addExchangeCompleteListener((done, next) -> {
                lastStepThreads.add(Thread.currentThread().getName());
                next.proceed();
            });
            wrapped.handleRequest(exchange);
        });
    }

    /** The last step may run just after the client has its response. */
    private void awaitLastSteps(int count) {
        Await.poll(Duration.ofSeconds(10), () -> lastStepThreads.size() >= count ? true : null);
        assertEquals(count, lastStepThreads.size(), lastStepThreads.toString());
    }

    private static void respond(HttpServerExchange exchange) {
        try {
            exchange.startBlocking();
            exchange.getOutputStream().write(("served " + exchange.getQueryParameters().get("i").getFirst())
                    .getBytes(StandardCharsets.UTF_8));
            exchange.endExchange();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String get(int port, int i) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/?i=" + i)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
