package dev.jacorn.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jacorn.adapter.AppSource;
import dev.jacorn.adapter.Application;
import dev.jacorn.runner.fixtures.VersionedWar;
import dev.jacorn.runner.testing.Await;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The router in-process: two real workers behind a real listener. */
class RouterTest {

    @TempDir
    Path dir;

    private final Router router = new Router();
    private final List<Worker> workers = new ArrayList<>();
    private InProcessServer server;

    @BeforeEach
    void twoWorkers() throws Exception {
        Application app = Application.prepare(new AppSource.ExplodedWar(VersionedWar.write(dir.resolve("app"), "v1"),
                ""), dir.resolve("work"));
        WorkerOptions settings = new WorkerOptions(2, 4, Duration.ofSeconds(30), Duration.ofSeconds(30),
                dir.resolve("tmp"));
        router.mount("");
        for (int id = 1; id <= 2; id++) {
            Worker worker = new Worker(id, app, settings, 0, SupervisorEvents.NONE, () -> { });
            worker.start();
            router.add(worker);
            workers.add(worker);
        }
        server = new InProcessServer(router);
    }

    @AfterEach
    void stop() {
        server.close();
        workers.forEach(Worker::stop);
    }

    @Test
    void aWorkerThatRefusesBetweenTheRoutersLookAndItsAnswerIsSkippedForTheNextReadyOne() throws Exception {
        Worker first = workers.get(0);
        first.refuseNewRequests();
        assertEquals(WorkerState.READY, first.state(), "still READY: the router picks it first");

        HttpResponse<String> response = server.get("/version");
        assertEquals(200, response.statusCode());
        assertEquals("v1\n", response.body());
        assertEquals(0, first.served());
        assertEquals(1, workers.get(1).served());
    }

    @Test
    void whenEveryWorkerRefusesTheClientIsAskedToRetry() throws Exception {
        workers.forEach(Worker::refuseNewRequests);
        HttpResponse<String> response = server.get("/version");
        assertEquals(503, response.statusCode());
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(null));
        assertEquals("Service Unavailable\n", response.body());
    }

    @Test
    void aDrainingWorkerReceivesNothingNew() throws Exception {
        workers.get(0).beginDrain("test");
        for (int i = 0; i < 5; i++) {
            assertEquals(200, server.get("/version").statusCode());
        }
        assertEquals(0, workers.get(0).served());
        assertEquals(5, workers.get(1).served());
    }

    @Test
    void theLeastBusyReadyWorkerTakesTheRequest() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = server.getAsync("/version?ms=2000");
        Await.until("the slow request in flight", Duration.ofSeconds(30), () -> router.inFlight() == 1);
        Worker busy = workers.get(0).inFlight() == 1 ? workers.get(0) : workers.get(1);
        Worker idle = busy == workers.get(0) ? workers.get(1) : workers.get(0);
        assertEquals(200, server.get("/version").statusCode());
        assertEquals(1, idle.served());
        assertEquals("v1\n", slow.get().body());
    }

    @Test
    void readyOnlyWhileEveryMountHasAReadyWorkerAndNeverAfterTheStopBegan() {
        assertEquals(true, router.isReady());
        workers.forEach(w -> w.beginDrain("test"));
        assertEquals(false, router.isReady());
        Router stopping = new Router();
        stopping.mount("");
        stopping.add(workers.get(0));
        stopping.stopReadiness();
        assertEquals(false, stopping.isReady());
    }
}
