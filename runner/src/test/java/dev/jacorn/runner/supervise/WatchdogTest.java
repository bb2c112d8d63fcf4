package dev.jacorn.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.adapter.AppSource;
import dev.jacorn.adapter.Application;
import dev.jacorn.runner.fixtures.StubbornServlet;
import dev.jacorn.runner.testing.Await;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watchdog in-process: a real worker of {@link StubbornServlet} behind a real listener, and
 * {@link Watchdog#check} called by hand with the time it should see, so each deadline is checked
 * on both sides without waiting for it.
 */
class WatchdogTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration GRACEFUL = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final RecordingEvents events = new RecordingEvents();
    private final AtomicInteger wakeUps = new AtomicInteger();
    private Worker worker;
    private InProcessServer server;
    private Watchdog watchdog;

    @BeforeEach
    void oneWorker() throws Exception {
        Path classes = Path.of(StubbornServlet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Application app = Application.prepare(new AppSource.ServletClass(StubbornServlet.class.getName(),
                List.of(classes), ""), dir.resolve("work"));
        WorkerOptions settings = new WorkerOptions(1, 4, TIMEOUT, GRACEFUL, dir.resolve("tmp"));
        worker = new Worker(1, app, settings, 0, events, wakeUps::incrementAndGet);
        worker.start();
        Router router = new Router();
        router.mount("");
        router.add(worker);
        server = new InProcessServer(router);
        watchdog = new Watchdog(() -> List.of(worker), () -> settings, events);
    }

    @AfterEach
    void stop() {
        server.close();
        worker.stop();
    }

    @Test
    void aRequestPastTheTimeoutIsAnswered503AndItsStuckThreadMarksTheWorkerStuckAfterTheGracefulTimeout()
            throws Exception {
        CompletableFuture<HttpResponse<String>> response = server.getAsync("/stubborn?ms=3000");
        RequestInFlight request = runningRequest();
        long start = request.startNanos();

        watchdog.check(start + TIMEOUT.toNanos());
        assertEquals(List.of(), events.starting("timed out"), "not at the timeout itself");
        assertFalse(response.isDone());

        watchdog.check(start + TIMEOUT.toNanos() + 1);
        assertEquals(List.of("timed out 1"), events.starting("timed out"));
        HttpResponse<String> answered = response.get(30, TimeUnit.SECONDS);
        assertEquals(503, answered.statusCode());
        assertEquals("Service Unavailable\n", answered.body());

        long timedOutAt = request.timedOutAtNanos();
        watchdog.check(timedOutAt + GRACEFUL.toNanos());
        assertEquals(List.of("timed out 1"), events.starting("timed out"), "timed out once");
        assertFalse(worker.isStuck(), "not stuck before the graceful timeout has passed");

        watchdog.check(timedOutAt + GRACEFUL.toNanos() + 1);
        assertTrue(worker.isStuck(), "the thread ignores its interrupt: stuck");
        assertEquals(1, wakeUps.get(), "the arbiter is woken to replace it");
        watchdog.check(timedOutAt + GRACEFUL.toNanos() + 2);
        assertEquals(1, wakeUps.get(), "and only once");
    }

    @Test
    void aRequestThatAnswersWithinTheTimeoutIsLeftAlone() throws Exception {
        CompletableFuture<HttpResponse<String>> response = server.getAsync("/stubborn?ms=500");
        RequestInFlight request = runningRequest();
        watchdog.check(request.startNanos() + TIMEOUT.toNanos() - 1);
        assertEquals(200, response.get(30, TimeUnit.SECONDS).statusCode());
        assertEquals(List.of(), events.starting("timed out"));
        assertFalse(worker.isStuck());
    }

    @Test
    void anAsyncRequestWaitingWithoutAThreadIsNotTimedByTheWatchdog() throws Exception {
        CompletableFuture<HttpResponse<String>> response = server.getAsync("/async?ms=1000");
        RequestInFlight request = Await.value("the async request in flight", Duration.ofSeconds(30),
                () -> worker.requests().stream().findFirst().orElse(null));
        // The servlet hands the answer to a thread of its own and returns its request thread.
        Await.until("the request thread returned, the answer waiting on its own thread", Duration.ofSeconds(30),
                () -> request.thread() == null && Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().equals("stubborn-async")));
        watchdog.check(request.startNanos() + TIMEOUT.toNanos() * 10);
        assertEquals("async done after 1000 ms\n", response.get(30, TimeUnit.SECONDS).body());
        assertEquals(List.of(), events.starting("timed out"));
    }

    /** The one request in flight, once a worker thread runs it. */
    private RequestInFlight runningRequest() {
        return Await.value("a worker thread running the request", Duration.ofSeconds(30),
                () -> worker.requests().stream().filter(r -> r.thread() != null).findFirst().orElse(null));
    }
}
