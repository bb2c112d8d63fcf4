package dev.jacorn.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.adapter.AppBootException;
import dev.jacorn.adapter.AppSource;
import dev.jacorn.adapter.Application;
import dev.jacorn.runner.fixtures.VersionedWar;
import dev.jacorn.runner.lifecycle.LifeCycle;
import dev.jacorn.runner.testing.Await;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The arbiter in-process: real workers of small exploded WARs ({@link VersionedWar}), a real
 * listener in front of the router, and a fake clock, so back-off and deadlines are exact and
 * nothing waits for wall-clock seconds. The loop is turned by hand ({@link Arbiter#turn}).
 */
class ArbiterTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private static final Duration GRACEFUL = Duration.ofSeconds(30);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final RecordingEvents events = new RecordingEvents();
    private final Router router = new Router(now::get);
    private final List<AutoCloseable> closing = new ArrayList<>();
    private Arbiter arbiter;

    @AfterEach
    void stopEverything() throws Exception {
        if (arbiter != null) {
            arbiter.stop();
        }
        for (AutoCloseable closeable : closing) {
            closeable.close();
        }
    }

    @Test
    void aReloadWhoseSecondWorkerFailsStopsTheNewOnesAndNoRequestEverSeesTheNewVersion() throws Exception {
        Application v1 = application("v1", 0);
        Application v2 = application("v2", 2);
        arbiter = arbiter(v1, 2, () -> generation(v2, 2));
        arbiter.start();
        InProcessServer server = server();
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread client = new Thread(() -> {
                while (sending.get()) {
                    seen.add(body(server, "/version?ms=5"));
                }
            });
            client.start();
            clients.add(client);
        }
        awaitResponses(seen, 20);
        arbiter.turn(Command.RELOAD);
        int atReload = seen.size();
        awaitResponses(seen, atReload + 20);
        sending.set(false);
        for (Thread client : clients) {
            client.join();
        }

        assertEquals(List.of("v1"), seen.stream().distinct().toList(), "every response came from the old version");
        assertEquals(List.of("READY 3 v2", "FAILED 4 v2", "STOPPED 3 v2"), events.starting("").stream()
                .filter(line -> line.endsWith(" v2")).toList(), "the booted new worker is stopped again");
        assertEquals(List.of("reload failed"), events.starting("reload"));
        assertEquals(List.of(), events.starting("DRAINING"), "no old worker drained");
        assertEquals(List.of("v1", "v1"), arbiter.workers().stream()
                .map(w -> w.application().name() + (w.isReady() ? "" : " " + w.state())).toList());
    }

    @Test
    void aReloadBootsTheWholeNewGenerationBeforeAnyOldWorkerDrains() throws Exception {
        Application v1 = application("v1", 0);
        Application v2 = application("v2", 0);
        arbiter = arbiter(v1, 2, () -> generation(v2, 2));
        arbiter.start();
        InProcessServer server = server();
        events.lines.clear();
        arbiter.turn(Command.RELOAD);

        assertEquals(List.of("READY 3 v2", "READY 4 v2", "replaced 1 reload", "DRAINING 1 v1", "replaced 2 reload",
                "DRAINING 2 v1", "reloaded"), events.lines.subList(0, 7));
        assertEquals("v2\n", server.get("/version").body());
        arbiter.turn(Command.CHECK_WORKERS);
        assertEquals(List.of("v2", "v2"), arbiter.workers().stream().map(w -> w.application().name()).toList(),
                "the old generation, drained, is stopped");
    }

    @Test
    void aReloadAfterScalingUpGoesBackToTheConfiguredNumberOfWorkers() throws Exception {
        Application v1 = application("v1", 0);
        Application v2 = application("v2", 0);
        arbiter = arbiter(v1, 1, () -> generation(v2, 1));
        arbiter.start();
        arbiter.turn(Command.ADD_WORKER);
        assertEquals(2, readyWorkers());
        events.lines.clear();
        arbiter.turn(Command.RELOAD);

        assertEquals(List.of("READY 3 v2"), events.starting("READY"), "one new worker, as --workers says");
        assertEquals(List.of("replaced 1 reload"), events.starting("replaced"), "the other old one is scaled down");
        assertEquals(List.of("DRAINING 1 v1", "DRAINING 2 v1"), events.starting("DRAINING"));
        assertEquals(1, readyWorkers());
    }

    @Test
    void aWorkerThatCannotBootIsRetriedAfterABackOffThatDoublesUpToThirtySeconds() throws Exception {
        // Boot 1 succeeds, every later one fails.
        Application app = application("v1", 2);
        arbiter = arbiter(app, 1, () -> generation(app, 1));
        arbiter.start();
        arbiter.turn(Command.ADD_WORKER);
        assertEquals(1, failedBoots(), "the second worker is tried at once");

        long[] backoffs = {1, 2, 4, 8, 16, 30, 30};
        for (long backoff : backoffs) {
            long failedAt = now.get();
            now.set(failedAt + backoff * SECOND - 1);
            arbiter.turn(null);
            int before = failedBoots();
            now.set(failedAt + backoff * SECOND);
            arbiter.turn(null);
            assertEquals(before + 1, failedBoots(), "retried exactly " + backoff + " s after the last failure");
        }
        assertEquals(1 + backoffs.length, failedBoots());
        assertEquals(1, arbiter.workers().size(), "the worker that booted keeps serving");
    }

    @Test
    void scalingUpConvergesOnTheWantedNumberAndScalingDownStopsAtOne() throws Exception {
        Application app = application("v1", 0);
        arbiter = arbiter(app, 1, () -> generation(app, 1));
        arbiter.start();
        arbiter.turn(Command.ADD_WORKER);
        arbiter.turn(Command.ADD_WORKER);
        assertEquals(3, readyWorkers());

        arbiter.turn(Command.REMOVE_WORKER);
        arbiter.turn(Command.REMOVE_WORKER);
        assertEquals(1, readyWorkers());
        arbiter.turn(Command.REMOVE_WORKER);
        assertEquals(1, readyWorkers(), "TTOU never goes below one worker per application");
        arbiter.turn(Command.CHECK_WORKERS);
        assertEquals(List.of("STOPPED 1 v1", "STOPPED 2 v1"), events.starting("STOPPED"),
                "the oldest were retired, drained and stopped");
        assertEquals(1, arbiter.workers().size());
    }

    @Test
    void aDrainingWorkerIsStoppedAtTheGracefulDeadlineWithItsRequestCut() throws Exception {
        Application app = application("v1", 0);
        arbiter = arbiter(app, 2, () -> generation(app, 2));
        arbiter.start();
        InProcessServer server = server();
        var slow = server.getAsync("/version?ms=30000");
        Await.until("the slow request is in flight", WAIT, () -> router.inFlight() == 1);
        arbiter.turn(Command.REMOVE_WORKER);
        // The least busy of two idle workers is the first, and the oldest is the one retired.
        Worker busy = arbiter.workers().get(0);
        assertEquals(1, busy.inFlight());
        now.addAndGet(GRACEFUL.toNanos());
        arbiter.turn(null);
        assertEquals(WorkerState.DRAINING, busy.state(), "not before the deadline");
        now.incrementAndGet();
        arbiter.turn(null);
        assertEquals(WorkerState.STOPPED, busy.state(), "cut at the deadline");
        slow.cancel(true);
    }

    @Test
    void aFailedStartStopsTheWorkersAlreadyBootedAndThrows() throws Exception {
        Application app = application("v1", 2);
        arbiter = arbiter(app, 3, () -> generation(app, 3));
        assertThrows(AppBootException.class, arbiter::start);
        assertEquals(LifeCycle.State.FAILED, arbiter.lifeCycleState());
        assertEquals(List.of("READY 1 v1", "FAILED 2 v1", "STOPPED 1 v1", "replaced 2 failed"), events.lines);
        assertEquals(List.of(), arbiter.workers());
        assertTrue(events.starting("READY 3").isEmpty(), "the third was never tried");
    }


    @Test
    void aGracefulStopLetsTheRequestInFlightFinishClosesIdleConnectionsThenStopsEveryWorker() throws Exception {
        Application app = application("v1", 0);
        Router realTime = new Router();
        // What the workers were doing when the idle connections were closed: still serving, none draining.
        List<String> closedIdleWhile = new ArrayList<>();
        arbiter = new Arbiter(generation(app, 2), realTime, events, () -> generation(app, 2),
                () -> closedIdleWhile.add(realTime.inFlight() + " in flight, "
                        + arbiter.workers().stream().filter(Worker::isReady).count() + " READY"), System::nanoTime);
        arbiter.start();
        InProcessServer server = new InProcessServer(realTime);
        closing.add(server);
        var slow = server.getAsync("/version?ms=1000");
        Await.until("the slow request is in flight", WAIT, () -> realTime.inFlight() == 1);

        // Ended by the request finishing, long before the ten minutes allowed.
        assertTimeoutPreemptively(WAIT, () -> arbiter.shutdownGracefully(Duration.ofMinutes(10)));
        assertEquals("v1\n", slow.get(30, TimeUnit.SECONDS).body(), "the request finished, not cut by the stop");
        assertEquals(List.of("0 in flight, 2 READY"), closedIdleWhile, "once, after the last response, before the drain");
        assertEquals(List.of("STOPPED 1 v1", "STOPPED 2 v1"), events.starting("STOPPED").stream().sorted().toList());
        assertEquals(List.of(), arbiter.workers());
    }

    @Test
    void aSecondShutdownSignalCutsTheGracefulStopShort() throws Exception {
        Application app = application("v1", 0);
        Router realTime = new Router();
        arbiter = new Arbiter(generation(app, 1), realTime, events, () -> generation(app, 1), () -> { }, System::nanoTime);
        arbiter.start();
        InProcessServer server = new InProcessServer(realTime);
        closing.add(server);
        server.getAsync("/version?ms=600000");
        Await.until("the slow request is in flight", WAIT, () -> realTime.inFlight() == 1);

        Thread stopping = new Thread(() -> arbiter.shutdownGracefully(Duration.ofMinutes(10)));
        stopping.start();
        arbiter.submit(Command.SHUTDOWN_QUICKLY);
        stopping.join(WAIT.toMillis());
        assertFalse(stopping.isAlive(), "the stop did not wait out its ten minutes");
        assertEquals(List.of("STOPPED 1 v1"), events.starting("STOPPED"));
    }

    private Arbiter arbiter(Application application, int workers, Supplier<Generation> reread) {
        return new Arbiter(generation(application, workers), router, events, reread, () -> { }, now::get);
    }

    private Generation generation(Application application, int workers) {
        return new Generation(List.of(application), new WorkerOptions(workers, 4, Duration.ofSeconds(30), GRACEFUL,
                dir.resolve("tmp")));
    }

    private Application application(String version, int failFromBoot) throws IOException {
        Path root = VersionedWar.write(dir.resolve(version), version, failFromBoot);
        return Application.prepare(new AppSource.ExplodedWar(root, ""), dir.resolve("work"));
    }

    private InProcessServer server() {
        InProcessServer server = new InProcessServer(router);
        closing.add(server);
        return server;
    }

    private int failedBoots() {
        return events.starting("FAILED").size();
    }

    private long readyWorkers() {
        return arbiter.workers().stream().filter(Worker::isReady).count();
    }

    private static String body(InProcessServer server, String path) {
        try {
            HttpResponse<String> response = server.get(path);
            return response.statusCode() == 200 ? response.body().trim() : "status " + response.statusCode();
        } catch (IOException e) {
            return "failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void awaitResponses(List<String> seen, int count) {
        Await.until(count + " responses", WAIT, () -> seen.size() >= count);
    }
}
