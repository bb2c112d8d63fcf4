package dev.jacorn.adapter;

import dev.jacorn.adapter.session.SessionSetup;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.resource.ResourceManager;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.ServletContainer;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.api.ServletStackTraces;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.jboss.jandex.IndexView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jboss.metadata.web.spec.WebMetaData;

/**
 * Assembles an Undertow {@link DeploymentInfo} for one instance of an application, deploys and
 * starts it. Undertow's servlet module takes a deployment fully assembled; this class is where
 * the assembling happens. A failure part-way closes what was opened and reports the cause.
 */
final class DeploymentAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentAssembler.class);

    private DeploymentAssembler() {
    }

    static Deployment deploy(Application app, DeployOptions options) {
        WebAppClassLoader loader = app.newClassLoader();
        ServletContainer container = Servlets.newContainer();
        DeploymentManager manager = null;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            WebSockets webSockets = WebSockets.prepare(app.index().all(), loader, options.webSockets());
            DeploymentInfo info = assemble(app, options, loader);
            webSockets.install(info);
            StartupFailures failures = new StartupFailures();
            info.addLifecycleInterceptor(failures);
            manager = container.addDeployment(info);
            manager.deploy();
            HttpHandler handler = StaticFastPath.wrap(manager.getDeployment(), options.executor(), manager.start());
            failures.started();
            webSockets.started();
            return new Deployment(app, options.instanceName(), container, manager, handler, loader, webSockets);
        } catch (RuntimeException | Error | IOException | ServletException | ClassNotFoundException e) {
            Throwable cause = e instanceof AppBootException && e.getCause() != null ? e.getCause() : e;
            abandon(container, manager, loader, cause);
            String message = "Application " + app.name() + " failed to start: "
                    + describe(StartupFailures.actionableCause(cause, loader.getName()));
            // The whole chain, as Gunicorn prints a worker's traceback; the message is its one line.
            LOG.error(message, cause);
            throw new AppBootException(message, cause);
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
                // Undertow's default shows stack traces to "local" clients, and behind a proxy on the
                // same host every client is local: clients get a short status, the log gets the trace.
                .setServletStackTraces(ServletStackTraces.NONE)
                .setIdentityManager(new RealmIdentityManager(app.realm()))
                .addInitialHandlerChainWrapper(new ProtectedPaths())
                .addInitialHandlerChainWrapper(new ContentLanguage());
        ConfidentialTransport.register(info);
        ClientCertLogin.register(info);
        SessionSetup.defaults(info);
        if (app.source() instanceof AppSource.ServletClass servlet) {
            Class<? extends Servlet> type = Class.forName(servlet.className(), false, loader)
                    .asSubclass(Servlet.class);
            info.addServlet(new ServletInfo(app.name(), type).addMapping("/*").setAsyncSupported(true));
        } else {
            assembleWebApplication(info, app, loader);
            if (info.getWelcomePages().isEmpty()) {
                // What Tomcat's and Jetty's default descriptors declare when the application declares none.
                info.addWelcomePages("index.html", "index.htm", "index.jsp");
            }
            JspPages.install(info, app, options);
        }
        SessionSetup.apply(info, options.sessions(), secureDeclared(app));
        Initializers.register(info, app.index().all(), loader);
        // Last: it opens the WEB-INF/lib jars, and from here on a failure closes it through the manager.
        info.setResourceManager(resources(app));
        return info;
    }

    /**
     * web.xml first, then the fragments in order, then (unless web.xml is metadata-complete) the
     * annotations of every jar whose fragment is not metadata-complete: earlier declarations win.
     */
    private static void assembleWebApplication(DeploymentInfo info, Application app, WebAppClassLoader loader) {
        WebDescriptor descriptor = app.descriptor();
        if (descriptor.webXml() != null) {
            DescriptorComponents.register(info, descriptor.webXml(), descriptor.webXml(), loader, "WEB-INF/web.xml");
            DeclaredSecurity.register(info, descriptor.webXml());
        }
        Set<Path> notScanned = new HashSet<>(descriptor.excludedJars());
        for (WebDescriptor.Fragment fragment : descriptor.fragments()) {
            String origin = "META-INF/web-fragment.xml in WEB-INF/lib/" + fragment.jar().getFileName();
            DescriptorComponents.register(info, fragment.metaData(), descriptor.webXml(), loader, origin);
            DeclaredSecurity.register(info, fragment.metaData());
            if (fragment.metaData().isMetadataComplete()) {
                notScanned.add(fragment.jar());
            }
        }
        if (!descriptor.isMetadataComplete()) {
            IndexView scanned = app.index().without(notScanned);
            AnnotatedComponents.register(info, scanned, loader, descriptor);
            AnnotatedSecurity.apply(info, scanned);
        }
    }

    /** Whether web.xml's cookie-config says {@code <secure>}, either way: then it decides, not the request's scheme. */
    private static boolean secureDeclared(Application app) {
        WebMetaData webXml = app.source() instanceof AppSource.ServletClass ? null : app.descriptor().webXml();
        return webXml != null && webXml.getSessionConfig() != null && webXml.getSessionConfig().getCookieConfig() != null
                && webXml.getSessionConfig().getCookieConfig().getSecureSet();
    }

    private static ResourceManager resources(Application app) {
        if (app.root() == null) {
            return ResourceManager.EMPTY_RESOURCE_MANAGER;
        }
        return WebResources.of(app.root(), app.libJars());
    }

    private static void abandon(ServletContainer container, DeploymentManager manager, WebAppClassLoader loader,
            Throwable failure) {
        try {
            if (manager != null) {
                // Stopping first runs contextDestroyed for an application that did start.
                manager.stop();
                DeploymentInfo info = manager.getDeployment().getDeploymentInfo();
                manager.undeploy();
                container.removeDeployment(info);
                info.getResourceManager().close();
            }
        } catch (RuntimeException | ServletException | IOException secondary) {
            failure.addSuppressed(secondary);
        }
        try {
            loader.close();
        } catch (IOException secondary) {
            failure.addSuppressed(secondary);
        }
    }

    static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getName() + (message == null ? "" : ": " + message);
    }
}
