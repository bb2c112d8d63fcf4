package dev.jacorn.adapter;

import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.ResourceManager;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainer;
import io.undertow.servlet.api.ServletInfo;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Assembles an Undertow {@link DeploymentInfo} for one instance of an application, deploys and
 * starts it. Undertow's servlet module takes a deployment fully assembled; this class is where
 * the assembling happens. A failure part-way closes what was opened and reports the cause.
 */
final class ServletDeployment {

    private ServletDeployment() {
    }

    static Deployment deploy(Application app, DeployOptions options) {
        WebAppClassLoader loader = app.newClassLoader();
        ServletContainer container = Servlets.newContainer();
        DeploymentManager manager = null;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            DeploymentInfo info = assemble(app, options, loader);
            manager = container.addDeployment(info);
            manager.deploy();
            HttpHandler handler = manager.start();
            return new Deployment(app, options.instanceName(), container, manager, handler, loader);
        } catch (RuntimeException | Error | IOException | ServletException | ClassNotFoundException e) {
            Throwable cause = e instanceof AppBootException && e.getCause() != null ? e.getCause() : e;
            abandon(container, manager, loader, cause);
            throw new AppBootException("Application " + app.name() + " failed to start: "
                    + describe(rootCause(cause)), cause);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static DeploymentInfo assemble(Application app, DeployOptions options, WebAppClassLoader loader)
            throws IOException, ClassNotFoundException {
        Files.createDirectories(options.tempDir());
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(loader)
                .setContextPath(app.contextPath().isEmpty() ? "/" : app.contextPath())
                .setDeploymentName(options.instanceName())
                .setDisplayName(app.name())
                .setTempDir(options.tempDir().toFile())
                .setExecutor(options.executor())
                .setAsyncExecutor(options.executor())
                .setResourceManager(resources(app));
        if (app.source() instanceof AppSource.ServletClass servlet) {
            Class<? extends Servlet> type = Class.forName(servlet.className(), false, loader)
                    .asSubclass(Servlet.class);
            info.addServlet(new ServletInfo(app.name(), type).addMapping("/*").setAsyncSupported(true));
        } else {
            AnnotatedComponents.register(info, app.index(), loader);
        }
        Initializers.register(info, app.index(), loader);
        return info;
    }

    private static ResourceManager resources(Application app) {
        if (app.root() == null) {
            return ResourceManager.EMPTY_RESOURCE_MANAGER;
        }
        // No change listeners: they start a file-watcher thread that outlives the deployment and
        // holds its class loader (every reload would leak one); Jacorn reloads whole workers instead.
        return PathResourceManager.builder().setBase(app.root()).setFollowLinks(false).setCaseSensitive(true)
                .setAllowResourceChangeListeners(false).build();
    }

    private static void abandon(ServletContainer container, DeploymentManager manager, WebAppClassLoader loader,
            Throwable failure) {
        try {
            if (manager != null) {
                DeploymentInfo info = manager.getDeployment().getDeploymentInfo();
                manager.undeploy();
                container.removeDeployment(info);
            }
        } catch (RuntimeException secondary) {
            failure.addSuppressed(secondary);
        }
        try {
            loader.close();
        } catch (IOException secondary) {
            failure.addSuppressed(secondary);
        }
    }

    static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getName() + (message == null ? "" : ": " + message);
    }
}
