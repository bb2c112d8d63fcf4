package dev.jacorn.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.jacorn.arquillian.app.FailingListener;
import dev.jacorn.arquillian.app.GreetingServlet;

/** The container driven directly, the way Arquillian's core drives it, for what a test class cannot show. */
class JacornContainerTest {

    private final JacornContainer container = new JacornContainer();

    @BeforeEach
    void start() throws Exception {
        JacornContainerConfiguration config = new JacornContainerConfiguration();
        config.setJavaVmArguments("-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        config.setRunnerArguments("--threads 4 --graceful-timeout 5");
        config.setOutputToConsole(false);
        config.validate();
        container.setup(config);
        container.start();
    }

    @AfterEach
    void stop() throws Exception {
        container.stop();
    }

    @Test
    void undeployingTheLastArchiveStopsTheRunner() throws Exception {
        WebArchive war = ShrinkWrap.create(WebArchive.class, "ROOT.war").addClass(GreetingServlet.class);
        HTTPContext http = container.deploy(war).getContext(HTTPContext.class);
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.getPort() + "/greet")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("hello from ", response.body());

        container.undeploy(war);
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", http.getPort()), 5000);
            }
        });
    }

    @Test
    void runnerStopsWhenTheTestJvmExitsWithoutUndeploying() throws Exception {
        Process testJvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Djacorn.runnerJar=" + System.getProperty("jacorn.runnerJar"), DeployAndExit.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(testJvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(testJvm.waitFor(120, TimeUnit.SECONDS), output);
        Matcher port = Pattern.compile("PORT (\\d+)").matcher(output);
        assertTrue(port.find(), output);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (accepts(Integer.parseInt(port.group(1)))) {
            assertTrue(System.nanoTime() < deadline, "the runner still listens after its test JVM exited");
            Thread.sleep(100);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void applicationThatFailsToStartIsADeploymentExceptionWithTheRunnersError() {
        WebArchive war = ShrinkWrap.create(WebArchive.class, "failing.war")
                .addClass(FailingListener.class)
                .setWebXML(new StringAsset("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.1\">"
                        + "<listener><listener-class>" + FailingListener.class.getName() + "</listener-class>"
                        + "</listener></web-app>"));
        DeploymentException e = assertThrows(DeploymentException.class, () -> container.deploy(war));
        assertTrue(e.getMessage().startsWith("The jacorn runner exited with 3;"), e.getMessage());
        assertTrue(e.getMessage().contains("the database URL is not configured"), e.getMessage());
    }

    @Test
    void onlyWebArchivesDeploy() {
        JavaArchive jar = ShrinkWrap.create(JavaArchive.class, "lib.jar");
        DeploymentException e = assertThrows(DeploymentException.class, () -> container.deploy(jar));
        assertEquals("The jacorn container deploys web archives only (.war); lib.jar is not one.", e.getMessage());
    }

    @Test
    void aMissingRunnerJarIsAConfigurationError() {
        JacornContainerConfiguration config = new JacornContainerConfiguration();
        config.setRunnerJar("no/such/runner.jar");
        ConfigurationException e = assertThrows(ConfigurationException.class, config::validate);
        assertTrue(e.getMessage().startsWith("runnerJar no/such/runner.jar is not a file"), e.getMessage());
    }

    @Test
    void contextPathIsTheArchiveName() {
        assertEquals("/shop", JacornContainer.contextPath("shop.war"));
        assertEquals("", JacornContainer.contextPath("ROOT.war"));
    }
}
