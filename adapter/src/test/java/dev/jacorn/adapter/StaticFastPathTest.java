package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.SecurityConstraint;
import io.undertow.servlet.api.WebResourceCollection;
import jakarta.servlet.ServletRequestEvent;
import jakarta.servlet.ServletRequestListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Static files served from memory on the I/O thread send what the default servlet sends (every
 * header but Date, the body, 304s and HEAD), without taking a request thread; what a filter,
 * a body, a range or a precondition could concern still goes through the servlet path. The
 * servlet path's answer is had by adding {@code If-Match: *}, which the fast path leaves to it and
 * which any existing file satisfies.
 */
class StaticFastPathTest {

    private static final AtomicInteger TASKS = new AtomicInteger();
    private static final byte[] BIG = new byte[StaticFastPath.FILE_BYTES + 1];

    @TempDir
    static Path dir;

    private static ExecutorService threads;
    private static Deployment deployment;
    private static Undertow server;
    private static HttpClient client;
    private static Path root;
    private static int port;

    @BeforeAll
    static void deploy() throws IOException {
        root = dir.resolve("static");
        WarTree.copyFixtureClasses("dev.jacorn.adapter.jspwar", root.resolve("WEB-INF/classes"));
        WarTree.write(root.resolve("WEB-INF/web.xml"), """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <filter><filter-name>trail</filter-name>
                    <filter-class>dev.jacorn.adapter.jspwar.TrailFilter</filter-class></filter>
                  <filter-mapping><filter-name>trail</filter-name><url-pattern>/filtered/*</url-pattern></filter-mapping>
                  <filter-mapping><filter-name>trail</filter-name><url-pattern>*.log</url-pattern></filter-mapping>
                  <mime-mapping><extension>bin</extension><mime-type>application/x-jacorn</mime-type></mime-mapping>
                </web-app>
                """);
        WarTree.write(root.resolve("hello.txt"), "Hello, static world!\n");
        WarTree.write(root.resolve("page.html"), "<!doctype html><title>page</title>\n");
        WarTree.write(root.resolve("css/style.css"), "body { color: #333; }\n");
        WarTree.write(root.resolve("data.bin"), "\u0001\u0002binary");
        WarTree.write(root.resolve("filtered/f.txt"), "filtered\n");
        WarTree.write(root.resolve("app.log"), "log\n");
        Files.write(root.resolve("big.bin"), BIG);
        Application app = Application.prepare(new AppSource.ExplodedWar(root, "/app"), dir.resolve("work"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        threads = pool;
        deployment = app.deploy(new DeployOptions("static#1", task -> {
            TASKS.incrementAndGet();
            pool.execute(task);
        }, dir.resolve("tmp")));
        server = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(Handlers.path().addPrefixPath("/app", deployment.handler())).build();
        server.start();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void undeploy() {
        server.stop();
        deployment.undeploy();
        threads.shutdownNow();
    }

    @Test
    void aCopiedFileIsServedWithoutARequestThreadAndWithEveryHeaderTheDefaultServletSends() throws Exception {
        for (String path : List.of("/hello.txt", "/page.html", "/css/style.css", "/data.bin")) {
            awaitFastPath(path);
            HttpResponse<byte[]> fast = send("GET", path);
            HttpResponse<byte[]> servlet = send("GET", path, "If-Match", "*");
            assertEquals(200, fast.statusCode(), path);
            assertEquals(headers(servlet), headers(fast), path);
            assertArrayEquals(servlet.body(), fast.body(), path);
            assertArrayEquals(Files.readAllBytes(root.resolve(path.substring(1))), fast.body(), path);

            HttpResponse<byte[]> fastHead = send("HEAD", path);
            assertEquals(headers(send("HEAD", path, "If-Match", "*")), headers(fastHead), "HEAD " + path);
            assertEquals(0, fastHead.body().length);

            String etag = fast.headers().firstValue("ETag").orElseThrow();
            HttpResponse<byte[]> notModified = send("GET", path, "If-None-Match", etag);
            assertEquals(304, notModified.statusCode());
            assertEquals(headers(send("GET", path, "If-None-Match", etag, "If-Match", "*")), headers(notModified));
            String since = fast.headers().firstValue("Last-Modified").orElseThrow();
            assertEquals(304, send("GET", path, "If-Modified-Since", since).statusCode());
        }
        assertEquals("application/x-jacorn", send("GET", "/data.bin").headers().firstValue("Content-Type").orElseThrow(),
                "the application's own MIME mapping");
        int before = TASKS.get();
        for (int i = 0; i < 20; i++) {
            send("GET", "/hello.txt");
            send("HEAD", "/page.html");
            send("GET", "/css/style.css", "If-None-Match", "\"nothing\"");
        }
        assertEquals(before, TASKS.get(), "copied files took no request thread");
    }

    @Test
    void whatAFilterABodyARangeOrTheSizeConcernsGoesThroughTheServletPath() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThreadTaken("GET", "/filtered/f.txt");
            assertThreadTaken("GET", "/app.log");
            assertThreadTaken("GET", "/big.bin");
            assertThreadTaken("GET", "/hello.txt", "Range", "bytes=0-4");
            assertThreadTaken("GET", "/hello.txt", "If-Unmodified-Since", "Sat, 01 Jan 2000 00:00:00 GMT");
        }
        assertEquals(206, send("GET", "/hello.txt", "Range", "bytes=0-4").statusCode());
        assertEquals("Hello", new String(send("GET", "/hello.txt", "Range", "bytes=0-4").body()));
        assertEquals(BIG.length, send("GET", "/big.bin").body().length);
        assertEquals(404, send("GET", "/WEB-INF/web.xml").statusCode());
        assertEquals(404, send("GET", "/missing.txt").statusCode());
        assertEquals(405, send("POST", "/hello.txt").statusCode());
    }

    @Test
    void anEditedFileIsServedAgainOnceItsCopyIsOlderThanTheCacheAllows() throws Exception {
        Path file = root.resolve("edited.txt");
        Files.writeString(file, "first\n");
        awaitFastPath("/edited.txt");
        Files.writeString(file, "second version\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!new String(send("GET", "/edited.txt").body()).equals("second version\n")) {
            assertTrue(System.nanoTime() < deadline, "the edited file was not served within 30 s");
            Thread.sleep(100);
        }
        awaitFastPath("/edited.txt");
        assertEquals("second version\n", new String(send("GET", "/edited.txt").body()));
    }

    @Test
    void anApplicationWithARequestListenerOrASecurityConstraintKeepsTheServletPath() {
        assertTrue(StaticFastPath.applies(plain()));
        assertFalse(StaticFastPath.applies(plain().addListener(Servlets.listener(Listener.class))));
        assertFalse(StaticFastPath.applies(plain().addSecurityConstraint(new SecurityConstraint()
                .addWebResourceCollection(new WebResourceCollection().addUrlPattern("/private/*")))));
        assertFalse(StaticFastPath.applies(plain().addOuterHandlerChainWrapper(next -> next)));
        assertFalse(StaticFastPath.applies(Servlets.deployment()), "no default servlet of ours");
    }

    private static DeploymentInfo plain() {
        return Servlets.deployment().addServlet(Servlets.servlet("default", StaticFileServlet.class));
    }

    /** A request listener, which must see every request. */
    public static final class Listener implements ServletRequestListener {
        @Override
        public void requestInitialized(ServletRequestEvent event) {
        }
    }

    /** Sends {@code path} until a request of it takes no request thread (the copy is made after a first 200). */
    private static void awaitFastPath(String path) throws Exception {
        for (int i = 0; i < 200; i++) {
            int before = TASKS.get();
            HttpResponse<byte[]> response = send("GET", path);
            assertEquals(200, response.statusCode(), path);
            if (TASKS.get() == before) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(path + " still takes a request thread after 200 requests");
    }

    private static void assertThreadTaken(String method, String path, String... headers) throws Exception {
        int before = TASKS.get();
        send(method, path, headers);
        assertTrue(TASKS.get() > before, method + " " + path + " " + String.join(" ", headers) + " took no thread");
    }

    private static HttpResponse<byte[]> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/app" + path))
                .method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("x")
                        : HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Every response header but Date (and the client's own pseudo-header), names in lower case. */
    private static Map<String, List<String>> headers(HttpResponse<?> response) {
        Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
        headers.remove("date");
        headers.remove(":status");
        return headers;
    }
}
