package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.e2e.Samples;
import dev.jacorn.runner.testing.Await;
import io.undertow.Undertow;
import java.lang.ref.WeakReference;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter in-process, on the real sample WARs: each is read (unpacked, indexed, its
 * descriptors parsed), deployed and served by a plain Undertow listener, without the runner in
 * between. What web.xml, web fragments, annotations, initializers (Jersey), static resources and
 * the protected paths each contribute is checked through real requests.
 *
 * <p>It lives in the runner's test tree, in the adapter's package, because the sample WARs are
 * built after the adapter in the reactor and before the runner, whose tests have them.
 */
class SampleWarsInProcessTest {

    /** One request to a sample and the answer expected. */
    private record Case(String war, String path, int status, String body) {
    }

    private static final List<Case> CASES = List.of(
            new Case("hello", "/hello", 200, "Hello, world!\n"),
            new Case("hello", "/WEB-INF/web.xml", 404, null),
            new Case("classic", "/config", 200,
                    "mode=classic\nowner=jacorn\ngreeting=Hello from web.xml\nenvironment=sample\n"
                            + "listener=started\ninitialized=config,counter\n"),
            new Case("classic", "/boom", 500,
                    "error-page: java.lang.IllegalStateException\nmessage: boom from classic\nuri: /boom\n"),
            new Case("classic", "/sample.jacorn", 200, "jacorn mime-mapping sample\n"),
            new Case("classic", "/META-INF/MANIFEST.MF", 404, null),
            new Case("fragments", "/fragment", 200, "from web-fragment\n"),
            new Case("fragments", "/own", 200, "from the application\n"),
            new Case("jaxrs", "/api/items/7", 200, "{\"id\":7,\"name\":\"item-7\"}"));

    @TempDir
    Path work;

    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void eachSampleAnswersWhatItsDescriptorsAnnotationsAndInitializersDeclare() throws Exception {
        for (String war : CASES.stream().map(Case::war).distinct().toList()) {
            Application application = Application.prepare(new AppSource.WarFile(Samples.war(war), ""), work);
            Deployment deployment = application.deploy(new DeployOptions(war + "#1", threads, work.resolve("tmp")));
            Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(deployment.handler())
                    .build();
            server.start();
            try {
                int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
                for (Case expected : CASES.stream().filter(c -> c.war().equals(war)).toList()) {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + expected.path())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(expected.status(), response.statusCode(), war + " " + expected.path());
                    if (expected.body() != null) {
                        assertEquals(expected.body(), response.body(), war + " " + expected.path());
                    }
                }
            } finally {
                server.stop();
                deployment.undeploy();
            }
        }
    }

    @Test
    void anApplicationThatThrowsWhileItStartsFailsTheDeployNamingTheCause() {
        Application broken = Application.prepare(new AppSource.WarFile(Samples.war("broken"), ""), work);
        AppBootException failure = assertThrows(AppBootException.class,
                () -> broken.deploy(new DeployOptions("broken#1", threads, work.resolve("tmp"))));
        assertEquals("Application broken failed to start: java.lang.IllegalStateException: database URL is not"
                + " configured", failure.getMessage());
    }

    @Test
    void anUndeployedInstanceLetsItsClassLoaderBeCollectedAndASecondInstanceIsIndependent() {
        Application hello = Application.prepare(new AppSource.WarFile(Samples.war("hello"), ""), work);
        Deployment first = hello.deploy(new DeployOptions("hello#1", threads, work.resolve("tmp1")));
        Deployment second = hello.deploy(new DeployOptions("hello#2", threads, work.resolve("tmp2")));
        WeakReference<? extends ClassLoader> firstLoader = first.classLoaderReference();
        assertTrue(firstLoader.get() != second.classLoaderReference().get(), "one class loader per instance");
        first.undeploy();
        first.undeploy();
        first = null;
        Await.until("the undeployed instance's class loader collected", Duration.ofSeconds(30), () -> {
            System.gc();
            return firstLoader.get() == null;
        });
        assertTrue(second.classLoaderReference().get() != null, "the other instance keeps its own");
        second.undeploy();
    }
}
