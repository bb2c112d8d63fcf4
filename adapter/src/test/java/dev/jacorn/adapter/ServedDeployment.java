package dev.jacorn.adapter;

import io.undertow.Handlers;
import io.undertow.Undertow;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An application deployed on request threads of its own and served over HTTP by an in-process
 * Undertow on 127.0.0.1 at a free port, at the application's context path: the set-up of the
 * adapter tests that send real requests to a WAR of their own. Register as a static
 * {@code @RegisterExtension} field and {@link #serve} from {@code @BeforeAll}; after the class's
 * last test it stops the server, undeploys the application and stops its threads, in that order.
 * A deployment that fails to start leaves nothing running.
 */
final class ServedDeployment implements AfterAllCallback {

    private Undertow server;
    private Deployment deployment;
    private ExecutorService requestThreads;
    private String contextPath;
    private int port;

    /** Deploys {@code app} as {@code instanceName} on {@code threads} request threads and serves it. */
    void serve(Application app, String instanceName, int threads, Path tempDir) {
        requestThreads = Executors.newFixedThreadPool(threads);
        deployment = app.deploy(new DeployOptions(instanceName, requestThreads, tempDir));
        server = Undertow.builder().addHttpListener(0, "127.0.0.1")
                .setHandler(Handlers.path().addPrefixPath(app.contextPath(), deployment.handler())).build();
        server.start();
        contextPath = app.contextPath();
        port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    /** The address of {@code path} in the application, e.g. {@code /params} or {@code /forward?to=Dummy}. */
    URI uri(String path) {
        if (port == 0) {
            throw new IllegalStateException("no application is served");
        }
        return URI.create("http://127.0.0.1:" + port + contextPath + path);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.stop();
        }
        if (deployment != null) {
            deployment.undeploy();
        }
        if (requestThreads != null) {
            requestThreads.shutdownNow();
        }
        port = 0;
    }
}
