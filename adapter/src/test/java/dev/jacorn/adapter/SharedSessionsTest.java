package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.jacorn.adapter.session.MemorySessionStore;
import dev.jacorn.adapter.session.SharedSessions;
import io.undertow.Undertow;
import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import sessiontest.SessionOpsServlet;

/**
 * Two deployments of one application (two workers, two class loaders) on one shared memory store,
 * behind a real Undertow listener that sends each request to the worker it names: what one worker
 * does to a session, the other sees, with the Servlet listeners called where the change happens.
 */
class SharedSessionsTest {

    @TempDir
    Path dir;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private SharedSessions shared;
    private Deployment one;
    private Deployment two;
    private Undertow server;
    private int port;

    @BeforeEach
    void deployTwoWorkers() throws IOException, URISyntaxException {
        deployTwoWorkers(new MemorySessionStore());
    }

    private void deployTwoWorkers(MemorySessionStore store) throws IOException, URISyntaxException {
        Path root = dir.resolve("ops");
        Path classes = root.resolve("WEB-INF/classes/sessiontest");
        Files.createDirectories(classes);
        Path compiled = Path.of(SessionOpsServlet.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("sessiontest");
        try (Stream<Path> files = Files.list(compiled)) {
            for (Path file : files.toList()) {
                Files.copy(file, classes.resolve(file.getFileName()));
            }
        }
        Files.writeString(root.resolve("WEB-INF/web.xml"), """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.1" metadata-complete="true">
                  <listener><listener-class>sessiontest.Events</listener-class></listener>
                  <servlet><servlet-name>ops</servlet-name><servlet-class>sessiontest.SessionOpsServlet</servlet-class></servlet>
                  <servlet-mapping><servlet-name>ops</servlet-name><url-pattern>/s</url-pattern></servlet-mapping>
                </web-app>
                """);
        Application application = Application.prepare(AppSource.parse(root.toString(), List.of()), dir.resolve("work"));
        shared = new SharedSessions("ops", store, "Lax", 200);
        one = application.deploy(new DeployOptions("ops#1", threads, dir.resolve("t1"), shared));
        two = application.deploy(new DeployOptions("ops#2", threads, dir.resolve("t2"), shared));
        server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(exchange ->
                ("2".equals(exchange.getRequestHeaders().getFirst("X-Worker")) ? two : one).handler()
                        .handleRequest(exchange)).build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        log.start();
        ((Logger) LoggerFactory.getLogger("dev.jacorn.adapter.session")).addAppender(log);
    }

    @AfterEach
    void stop() {
        undeployBoth();
        threads.shutdownNow();
    }

    private void undeployBoth() {
        ((Logger) LoggerFactory.getLogger("dev.jacorn.adapter.session")).detachAppender(log);
        server.stop();
        one.undeploy();
        two.undeploy();
        shared.close();
    }

    /** The two workers again, on a new {@code store} and in a new directory. */
    private void redeployOn(MemorySessionStore store) throws IOException, URISyntaxException {
        undeployBoth();
        dir = dir.resolve("again");
        deployTwoWorkers(store);
    }

    private String on(int worker, String query) throws IOException, InterruptedException {
        return on(client, worker, query);
    }

    private String on(HttpClient sender, int worker, String query) throws IOException, InterruptedException {
        HttpResponse<String> response = sender.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/s?" + query)).header("X-Worker", String.valueOf(worker)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void aCounterGoesOnWhicheverWorkerServesEachRequest() throws Exception {
        for (int n = 1; n <= 8; n++) {
            assertEquals(String.valueOf(n), on(n % 3 == 0 ? 2 : 1, "op=count"));
        }
    }

    @Test
    void aMutableAttributeChangedInPlaceWithoutSetAttributeIsSaved() throws Exception {
        assertEquals("[a]", on(1, "op=append&v=a"));
        assertEquals("[a, b]", on(2, "op=append&v=b"));
        assertEquals("[a, b, c]", on(1, "op=append&v=c"));
        assertEquals("[a, b, c, d]", on(1, "op=append&v=d"));
    }

    @Test
    void anAttributeRemovedOnTheWorkerThatCachedItIsGoneThereAndEverywhere() throws Exception {
        on(1, "op=setText&v=hello");
        assertEquals("[a]", on(1, "op=append&v=a"));
        assertEquals("true", on(1, "op=has&name=text"), "read from the worker's cache");
        assertEquals("removed", on(1, "op=remove&name=text"));
        assertEquals("false", on(1, "op=has&name=text"), "the cache must not bring it back");
        assertEquals("false", on(2, "op=has&name=text"));
        assertEquals("[a, b]", on(1, "op=append&v=b"), "the other attribute, changed in place, survives");
        assertEquals("[a, b, c]", on(2, "op=append&v=c"));
        on(1, "op=setText&v=again");
        assertEquals("true", on(2, "op=has&name=text"));
    }

    @Test
    void anImmutableJdkValueReachesTheOtherWorkerAsTheSameObjectNeverSerialized() throws Exception {
        String set = on(1, "op=setText&v=hello");
        assertEquals(set, on(2, "op=textIdentity"), "a deserialized copy would be another object");
        assertEquals(set, on(1, "op=textIdentity"));
    }

    @Test
    void aRequestThatMissedAnotherRequestsChangeDoesNotLeaveItsOldCopyInTheWorkersCache() throws Exception {
        assertEquals("1", on(1, "op=count"));
        Path gate = Files.createDirectory(dir.resolve("gate"));
        // Holds the session with n=1 read, while another request on the same worker sets n=2.
        CompletableFuture<HttpResponse<String>> holding = client.sendAsync(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/s?op=hold&gate=" + gate)).header("X-Worker", "1").build(),
                HttpResponse.BodyHandlers.ofString());
        SessionOpsServlet.awaitFile(gate.resolve("held"));
        assertEquals("2", on(1, "op=count"));
        Files.createFile(gate.resolve("go"));
        assertEquals("1", holding.get(20, TimeUnit.SECONDS).body(), "what the held request read");
        assertEquals("3", on(1, "op=count"), "n as the other request left it, not as the held request had it");
    }

    @Test
    void listenersRunOnTheWorkerWhereTheChangeHappens() throws Exception {
        on(1, "op=count");
        assertEquals("created,added n", on(1, "op=events"));
        on(2, "op=count");
        assertEquals("replaced n", on(2, "op=events"));
        assertEquals("", on(1, "op=events"));
        on(2, "op=track");
        assertEquals("added tracked,bound", on(2, "op=events"));
        assertEquals("true", on(1, "op=touch"));
        assertEquals("activated", on(1, "op=events"), "deserialized on the other worker");
        on(1, "op=invalidate");
        String destroyed = on(1, "op=events");
        assertTrue(destroyed.startsWith("destroyed,") && destroyed.contains("removed n")
                && destroyed.contains("removed tracked") && destroyed.contains("unbound"), destroyed);
        assertEquals("1", on(2, "op=count"), "a new session after the invalidation");
    }

    @Test
    void aSessionThatTimesOutIsDestroyedWithItsListenersOnTheNewestWorker() throws Exception {
        on(1, "op=track");
        on(1, "op=timeout&s=1");
        on(1, "op=events");
        String events = "";
        // Without the session's cookie: a request that carries it counts as an access.
        HttpClient cookieless = HttpClient.newHttpClient();
        long end = System.nanoTime() + 30_000_000_000L;
        // The expiry runs on its own thread: a read can fall between "destroyed" and the removals after it.
        while (!(events.contains("removed tracked") && events.contains("unbound")) && System.nanoTime() < end) {
            Thread.sleep(100);
            String more = on(cookieless, 2, "op=events");
            if (!more.isEmpty()) {
                events = events.isEmpty() ? more : events + "," + more;
            }
        }
        assertTrue(events.startsWith("destroyed,") && events.contains("removed tracked") && events.contains("unbound"), events);
        assertEquals(1, shared.expired());
        assertEquals(0, shared.active());
        assertEquals("no session", on(1, "op=has&name=tracked"));
    }

    @Test
    void pastMaxSessionsCookielessClientsSessionsGoFirstWithTheirListenersAndAUserWhoCameBackKeepsHers() throws Exception {
        redeployOn(new MemorySessionStore(3));
        assertEquals("1", on(1, "op=count"));
        assertEquals("2", on(1, "op=count"));
        HttpClient cookieless = HttpClient.newHttpClient();
        for (int i = 0; i < 6; i++) {
            assertEquals("1", on(cookieless, 2, "op=count"));
        }
        // 3 at most: the user's and the crawlers' newest; each walk drops the one over and one more (a hundredth of 3, at least 1).
        assertEquals(4, shared.evicted());
        assertEquals(3, shared.active());
        assertEquals("3", on(1, "op=count"), "the user came back: her session was never a pick");
        int destroyed = 0;
        long end = System.nanoTime() + 30_000_000_000L;
        // The listeners of dropped sessions run on the reaper's thread, on the newest worker.
        while (destroyed < 4 && System.nanoTime() < end) {
            String events = on(cookieless, 2, "op=events");
            destroyed += (int) Stream.of(events.split(",")).filter("destroyed"::equals).count();
            Thread.sleep(50);
        }
        assertEquals(4, destroyed);
        assertTrue(log.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().startsWith("Sessions of ops reached --max-sessions (3): 2 dropped so far")),
                log.list.toString());
    }

    @Test
    void changeSessionIdKeepsTheSessionUnderItsNewIdOnEveryWorker() throws Exception {
        on(1, "op=count");
        String before = on(1, "op=id");
        String after = on(2, "op=changeId");
        assertNotEquals(before, after);
        assertEquals(after, on(1, "op=id"));
        assertEquals("2", on(1, "op=count"));
        assertEquals(1, shared.store().count(), "the old id is gone");
    }

    @Test
    void anInvalidatedSessionRefusesEveryUseItsJavadocRefuses() throws Exception {
        String all = "refused getAttribute,getAttributeNames,setAttribute,removeAttribute,getCreationTime,"
                + "getLastAccessedTime,isNew,invalidate";
        assertEquals(all, on(1, "op=useInvalidated"), "a session created by the request");
        on(1, "op=count");
        assertEquals(all, on(2, "op=useInvalidated&stored"), "a stored session, loaded on the other worker");
        assertEquals("1", on(1, "op=count"), "a new session after the invalidation");
    }

    @Test
    void aNonSerializableAttributeIsLetGoOfByItsWorkerWhenItsSessionTimesOutElsewhere() throws Exception {
        assertEquals("pinned", on(1, "op=pin"));
        on(1, "op=timeout&s=1");
        long end = System.nanoTime() + 30_000_000_000L;
        while (shared.expired() == 0 && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertEquals(1, shared.expired());
        // The listeners ran on worker 2, the newest; worker 1, where the value lives, must not keep it.
        assertEquals("true", on(HttpClient.newHttpClient(), 1, "op=pinnedReleased"));
    }

    @Test
    void aNonSerializableAttributeStaysOnItsWorkerWithOneWarning() throws Exception {
        assertEquals("pinned", on(1, "op=pin"));
        assertEquals("true", on(1, "op=has&name=thread"));
        assertEquals("false", on(2, "op=has&name=thread"));
        assertEquals("1", on(2, "op=count"), "the rest of the session is shared");
        assertEquals("pinned", on(1, "op=pin"));
        List<String> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("thread") && warnings.get(0).contains("application ops")
                && warnings.get(0).contains("java.lang.Object"), warnings.get(0));
    }
}
