package dev.jacorn.adapter;

import io.undertow.server.HttpHandler;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainer;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.lang.ref.WeakReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One started instance of an application: its Undertow deployment, the {@link HttpHandler} that
 * serves it, and the class loader it owns.
 *
 * <p>States: STARTED (after {@link Application#deploy}) -> UNDEPLOYED. {@link #undeploy()} stops
 * the servlets (running {@code contextDestroyed}), removes the deployment and closes its class
 * loader; calling it twice is harmless. Whether the loader can then be collected is for the
 * caller to check through {@link #classLoaderReference()}.
 */
public final class Deployment {

    private static final Logger LOG = LoggerFactory.getLogger(Deployment.class);

    private final Application application;
    private final String instanceName;
    private final ServletContainer container;
    private final DeploymentManager manager;
    private final HttpHandler handler;
    private final WeakReference<WebAppClassLoader> loaderReference;
    private final WebSockets webSockets;
    private WebAppClassLoader loader;
    private boolean undeployed;

    Deployment(Application application, String instanceName, ServletContainer container, DeploymentManager manager,
            HttpHandler handler, WebAppClassLoader loader, WebSockets webSockets) {
        this.application = application;
        this.instanceName = instanceName;
        this.container = container;
        this.manager = manager;
        this.handler = handler;
        this.loader = loader;
        this.loaderReference = new WeakReference<>(loader);
        this.webSockets = webSockets;
        application.retainFiles();
    }

    /** The handler serving this instance; it expects request paths that include the context path. */
    public HttpHandler handler() {
        return handler;
    }

    public Application application() {
        return application;
    }

    public String instanceName() {
        return instanceName;
    }

    /** This instance's WebSocket sessions and messages; all zero for an application without WebSocket. */
    public WebSockets webSockets() {
        return webSockets;
    }

    /** A weak reference to this instance's class loader: it must clear after undeploy and GC. */
    public WeakReference<? extends ClassLoader> classLoaderReference() {
        return loaderReference;
    }

    /**
     * Stops and removes the deployment and closes its class loader. Failures are logged, not
     * thrown: an undeploy must always complete. Synchronized: a second call, from any thread, waits
     * for the first to finish and then does nothing.
     */
    public synchronized void undeploy() {
        if (undeployed) {
            return;
        }
        undeployed = true;
        try {
            manager.stop();
        } catch (ServletException | RuntimeException e) {
            LOG.warn("Stopping {} failed: {}", instanceName, e.toString(), e);
        }
        DeploymentInfo info = manager.getDeployment().getDeploymentInfo();
        try {
            manager.undeploy();
            container.removeDeployment(info);
        } catch (RuntimeException e) {
            LOG.warn("Undeploying {} failed: {}", instanceName, e.toString(), e);
        }
        try {
            // Undertow never closes the resource manager; ours holds the WEB-INF/lib jars open.
            info.getResourceManager().close();
        } catch (IOException e) {
            LOG.warn("Closing the static resources of {} failed: {}", instanceName, e.toString());
        }
        webSockets.stopped();
        try {
            loader.close();
        } catch (IOException e) {
            LOG.warn("Closing the class loader of {} failed: {}", instanceName, e.toString());
        }
        loader = null;
        application.releaseFiles();
    }
}
