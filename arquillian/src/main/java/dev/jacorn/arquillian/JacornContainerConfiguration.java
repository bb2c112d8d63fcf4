package dev.jacorn.arquillian;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.jboss.arquillian.container.spi.ConfigurationException;
import org.jboss.arquillian.container.spi.client.container.ContainerConfiguration;

/**
 * The {@code <container qualifier="jacorn">} properties of {@code arquillian.xml}. Arquillian sets
 * them through the setters before {@link JacornContainer#setup}; every one has a default, so an
 * empty configuration works when the system property {@code jacorn.runnerJar} names the jar.
 *
 * <pre>{@code
 * <container qualifier="jacorn" default="true">
 *   <configuration>
 *     <property name="runnerJar">target/runner.jar</property>
 *     <property name="runnerArguments">--users users.txt --timeout 60</property>
 *   </configuration>
 * </container>
 * }</pre>
 */
public final class JacornContainerConfiguration implements ContainerConfiguration {

    private String runnerJar = System.getProperty("jacorn.runnerJar");
    private String javaExecutable = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private String javaVmArguments = "";
    private String runnerArguments = "";
    private String bindHost = "127.0.0.1";
    private int startupTimeoutInSeconds = 120;
    private int stopTimeoutInSeconds = 60;
    private boolean outputToConsole = true;

    @Override
    public void validate() throws ConfigurationException {
        if (runnerJar == null || runnerJar.isBlank()) {
            throw new ConfigurationException("The jacorn container needs the runner jar: set the property runnerJar"
                    + " in arquillian.xml or the system property jacorn.runnerJar to the path of runner.jar.");
        }
        if (!Files.isRegularFile(Path.of(runnerJar))) {
            throw new ConfigurationException("runnerJar " + runnerJar + " is not a file; build the runner"
                    + " (mvn -pl runner package) or point runnerJar at a released runner.jar.");
        }
        if (startupTimeoutInSeconds <= 0 || stopTimeoutInSeconds <= 0) {
            throw new ConfigurationException("startupTimeoutInSeconds and stopTimeoutInSeconds must be positive.");
        }
        if (runnerArguments.matches("(?s).*(^|\\s)(-b|--bind)(\\s|=|$).*")) {
            throw new ConfigurationException("runnerArguments must not bind: the container binds " + bindHost
                    + " on a free port itself (use bindHost to choose the address).");
        }
    }

    /** The runner jar started as {@code java -jar}. */
    public String getRunnerJar() {
        return runnerJar;
    }

    public void setRunnerJar(String runnerJar) {
        this.runnerJar = runnerJar;
    }

    /** The {@code java} command; by default the one running the tests. */
    public String getJavaExecutable() {
        return javaExecutable;
    }

    public void setJavaExecutable(String javaExecutable) {
        this.javaExecutable = javaExecutable;
    }

    /** JVM options for the runner, separated by blanks, e.g. {@code -Xmx256m}. */
    public String getJavaVmArguments() {
        return javaVmArguments;
    }

    public void setJavaVmArguments(String javaVmArguments) {
        this.javaVmArguments = javaVmArguments;
    }

    /** Runner options placed before the applications, separated by blanks, e.g. {@code --users users.txt}. */
    public String getRunnerArguments() {
        return runnerArguments;
    }

    public void setRunnerArguments(String runnerArguments) {
        this.runnerArguments = runnerArguments;
    }

    /** The address the runner binds (port 0: a free port, read from its {@code Listening at:} line). */
    public String getBindHost() {
        return bindHost;
    }

    public void setBindHost(String bindHost) {
        this.bindHost = bindHost;
    }

    /** How long a deployment may take until every application's worker is READY. */
    public int getStartupTimeoutInSeconds() {
        return startupTimeoutInSeconds;
    }

    public void setStartupTimeoutInSeconds(int startupTimeoutInSeconds) {
        this.startupTimeoutInSeconds = startupTimeoutInSeconds;
    }

    /** How long a graceful stop (SIGTERM) may take before the runner is killed. */
    public int getStopTimeoutInSeconds() {
        return stopTimeoutInSeconds;
    }

    public void setStopTimeoutInSeconds(int stopTimeoutInSeconds) {
        this.stopTimeoutInSeconds = stopTimeoutInSeconds;
    }

    /** Whether the runner's output is copied to this JVM's standard output. */
    public boolean isOutputToConsole() {
        return outputToConsole;
    }

    public void setOutputToConsole(boolean outputToConsole) {
        this.outputToConsole = outputToConsole;
    }

    List<String> javaVmArgumentList() {
        return words(javaVmArguments);
    }

    List<String> runnerArgumentList() {
        return words(runnerArguments);
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String word : text.strip().split("\\s+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
