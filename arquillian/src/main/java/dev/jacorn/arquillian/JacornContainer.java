package dev.jacorn.arquillian;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

/**
 * Arquillian's view of the jacorn runner: a deployment is a ShrinkWrap WAR exported to a temporary
 * directory and served by a real {@code java -jar runner.jar} process at the context path named
 * after the archive ({@code shop.war} at {@code /shop}, {@code ROOT.war} at {@code /}).
 *
 * <p>One runner serves every archive deployed at the same time (so cross-context requests between
 * them reach the same port). Deploying or undeploying restarts it with the new set of applications:
 * the first start binds a free port, and a restart while other applications stay deployed binds
 * the same port again so their URLs stay valid. Undeploying the last archive stops the runner
 * gracefully (SIGTERM). Arquillian calls every method from one thread.
 */
public final class JacornContainer implements DeployableContainer<JacornContainerConfiguration> {

    private JacornContainerConfiguration config;
    private Path workDir;
    private final Map<String, JacornProcess.App> deployed = new LinkedHashMap<>();
    private JacornProcess runner;

    @Override
    public Class<JacornContainerConfiguration> getConfigurationClass() {
        return JacornContainerConfiguration.class;
    }

    @Override
    public void setup(JacornContainerConfiguration configuration) {
        this.config = configuration;
    }

    @Override
    public void start() throws LifecycleException {
        try {
            workDir = Files.createTempDirectory("jacorn-arquillian");
        } catch (IOException e) {
            throw new LifecycleException("Could not create a temporary directory for the deployments", e);
        }
    }

    @Override
    public void stop() throws LifecycleException {
        stopRunner();
        deployed.clear();
        if (workDir != null) {
            deleteTree(workDir);
            workDir = null;
        }
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        // Client-side tests (testable = false, @RunAsClient) need no protocol, and they are what this
        // container is tested with. In-container tests would need Arquillian's Jakarta servlet
        // protocol on the test class path; that combination is untested.
        return new ProtocolDescription("Servlet 6.0");
    }

    @Override
    public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String name = archive.getName();
        if (!name.endsWith(".war")) {
            throw new DeploymentException("The jacorn container deploys web archives only (.war); " + name
                    + " is not one.");
        }
        if (deployed.containsKey(name)) {
            throw new DeploymentException(name + " is already deployed; give each deployment its own archive name.");
        }
        Path war = workDir.resolve("deployments").resolve(name);
        try {
            Files.createDirectories(war.getParent());
        } catch (IOException e) {
            throw new DeploymentException("Could not create " + war.getParent(), e);
        }
        archive.as(ZipExporter.class).exportTo(war.toFile(), true);
        String contextPath = contextPath(name);
        deployed.put(name, new JacornProcess.App(war, contextPath));
        try {
            restart();
        } catch (DeploymentException e) {
            deployed.remove(name);
            throw e;
        }
        HTTPContext http = new HTTPContext(config.getBindHost(), runner.port());
        http.add(new Servlet("default", contextPath));
        return new ProtocolMetaData().addContext(http);
    }

    @Override
    public void undeploy(Archive<?> archive) throws DeploymentException {
        JacornProcess.App app = deployed.remove(archive.getName());
        if (app == null) {
            return;
        }
        if (deployed.isEmpty()) {
            stopRunner();
        } else {
            restart();
        }
        try {
            Files.deleteIfExists(app.war());
        } catch (IOException e) {
            throw new DeploymentException("Could not delete " + app.war(), e);
        }
    }

    /** {@code shop.war} -> {@code /shop}; {@code ROOT.war} -> the root context. */
    static String contextPath(String archiveName) {
        String base = archiveName.substring(0, archiveName.length() - ".war".length());
        return base.equals("ROOT") ? "" : "/" + base;
    }

    private void restart() throws DeploymentException {
        int port = 0;
        if (runner != null) {
            // Other applications stay deployed: keep their URLs valid by binding the same port again.
            port = runner.port();
            stopRunner();
        }
        List<JacornProcess.App> apps = new ArrayList<>(deployed.values());
        runner = JacornProcess.start(config, workDir.resolve("work"), port, apps);
    }

    private void stopRunner() {
        if (runner != null) {
            runner.stop(config.getStopTimeoutInSeconds());
            runner = null;
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is not worth failing the test run for
        }
    }
}
