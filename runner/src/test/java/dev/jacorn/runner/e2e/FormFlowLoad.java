package dev.jacorn.runner.e2e;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients that go through the spring-mvc-jsp sample's form flow without pause, each with its own
 * session: show the form, post it invalid (200 with a validation message), post it valid (302),
 * then read the list, which shows that owner's flash message (kept in the session, so it holds
 * even when the list is served by another worker generation than the post). Every step whose
 * answer differs is recorded as a failure, with the step and what came back.
 */
final class FormFlowLoad implements AutoCloseable {

    private final int port;
    private final List<Thread> clients = new ArrayList<>();
    private final AtomicLong completed = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    FormFlowLoad(int port, int clientCount) {
        this.port = port;
        for (int i = 0; i < clientCount; i++) {
            int client = i;
            Thread thread = new Thread(() -> run(client), "form-flow-" + i);
            thread.setDaemon(true);
            clients.add(thread);
        }
    }

    FormFlowLoad start() {
        clients.forEach(Thread::start);
        return this;
    }

    /** Flows completed (all four steps answered as expected). */
    long completed() {
        return completed.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Lets every client finish the flow it is in, then returns. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread thread : clients) {
            thread.join(Duration.ofSeconds(120).toMillis());
        }
    }

    private void run(int client) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(30)).build();
        for (long flow = 0; running; flow++) {
            String name = "Load-" + client + "-" + flow;
            try {
                expect("form", send(http, get("/owners/new")), 200, "id=\"owner-form\"");
                expect("invalid post", send(http, post("firstName=&lastName=" + name + "&email=nope&telephone=1")),
                        200, "must not be blank");
                expect("valid post", send(http, post("firstName=" + name + "&lastName=Flow&email=l%40example.org"
                        + "&telephone=1")), 302, "");
                expect("list", send(http, get("/owners")), 200, "<p id=\"added\">Owner " + name + " Flow added.</p>");
                completed.incrementAndGet();
            } catch (StepFailed e) {
                failures.add(name + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Accept-Language", "en")
                .timeout(Duration.ofSeconds(60));
    }

    private HttpRequest.Builder post(String form) {
        return get("/owners/new").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request)
            throws StepFailed, InterruptedException {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new StepFailed(request.build().method() + " " + request.build().uri().getPath() + " failed: " + e);
        }
    }

    private static void expect(String step, HttpResponse<String> response, int status, String content)
            throws StepFailed {
        if (response.statusCode() != status || !response.body().contains(content)) {
            String body = response.body();
            throw new StepFailed(step + " answered " + response.statusCode() + ": "
                    + body.substring(0, Math.min(body.length(), 300)));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static final class StepFailed extends Exception {
        StepFailed(String message) {
            super(message);
        }
    }
}
