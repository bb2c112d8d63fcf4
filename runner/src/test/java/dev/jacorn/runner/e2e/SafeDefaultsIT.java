package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defaults and operations as an operator meets them, with the real command: Kubernetes' service
 * variables, a run's scratch files, SIGHUP under nohup, a reload that cannot apply a setting, and
 * the start-up warnings that stop a service from failing silently.
 */
@ExtendWith(ServerLogOnFailure.class)
class SafeDefaultsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aStartWithTheVariablesKubernetesInjectsForAServiceNamedJacornServes() throws IOException {
        Map<String, String> kubernetes = Map.of(
                "JACORN_PORT", "tcp://10.96.0.12:8000",
                "JACORN_PORT_8000_TCP", "tcp://10.96.0.12:8000",
                "JACORN_PORT_8000_TCP_PROTO", "tcp",
                "JACORN_PORT_8000_TCP_PORT", "8000",
                "JACORN_PORT_8000_TCP_ADDR", "10.96.0.12",
                "JACORN_SERVICE_HOST", "10.96.0.12",
                "JACORN_SERVICE_PORT", "8000");
        try (RunnerProcess runner = RunnerProcess.start(kubernetes, Samples.war("hello").toString())) {
            int port = runner.awaitReady();
            assertEquals("Hello, world!\n", get(port, "/hello"));
            assertEquals(0, runner.count("JACORN_"), "nothing said about them\n" + runner.log());
        }
    }

    @Test
    void nothingOfARunIsLeftInTheWorkDirectoryAfterItStops(@TempDir Path dir) throws IOException {
        Path work = dir.resolve("work");
        try (RunnerProcess runner = RunnerProcess.start("--workers", "2", "--work-dir", work.toString(),
                Samples.war("hello").toString())) {
            runner.awaitReady();
            Path scratch = work.resolve("tmp-" + runner.pid());
            assertTrue(Files.isDirectory(scratch.resolve("worker-1")), "the workers' scratch while running");
            runner.signal("TERM");
            assertEquals(0, runner.awaitExit(WAIT));
            assertEquals(List.of(), scratchDirectories(work), "no tmp-PID directory after the run");
        }
    }

    @Test
    void sighupIgnoredByNohupIsSaidAtStart() {
        try (RunnerProcess runner = RunnerProcess.startUnder(List.of("nohup"), Map.of(),
                List.of("--bind", "127.0.0.1:0", Samples.war("hello").toString()))) {
            runner.awaitLine("SIGHUP was ignored when Jacorn started (nohup?), so kill -HUP cannot reload it", WAIT);
        }
    }

    @Test
    void aReloadThatChangesASettingOnlyARestartAppliesSaysSoPerSetting(@TempDir Path dir) throws IOException {
        Path conf = Files.writeString(dir.resolve("jacorn.conf"), "bind = 127.0.0.1:0\nworkers = 1\n");
        try (RunnerProcess runner = RunnerProcess.startExactly(Map.of(), List.of("-c", conf.toString(),
                Samples.war("hello").toString()))) {
            int port = runner.awaitReady();
            Files.writeString(conf, "bind = 127.0.0.1:1\nworkers = 2\nlog-level = warn\n");
            runner.signal("HUP");
            runner.awaitLine("Reload: --bind changed from 127.0.0.1:0 to 127.0.0.1:1 but only a restart applies it;"
                    + " the running value is kept", WAIT);
            runner.awaitLine("Reload: --log-level changed from info to warning but only a restart applies it", WAIT);
            runner.awaitLine("Reloaded: 2 worker(s) READY", WAIT);
            assertEquals(2, runner.count("but only a restart applies it"),
                    "one line per changed setting, none for workers (a reload applies it)\n" + runner.log());
            assertEquals("Hello, world!\n", get(port, "/hello"));
        }
    }

    @Test
    void constraintsWithoutARealmAndAStatsdHostThatDoesNotResolveAreSaidAtStart() throws IOException {
        try (RunnerProcess runner = RunnerProcess.start("--statsd-host", "no-such-host.invalid:8125",
                Samples.war("classic").toString())) {
            int port = runner.awaitReady();
            runner.awaitLine("Application classic declares security constraints but no --users realm file was given,"
                    + " so its protected resources refuse everyone; add --users FILE", WAIT);
            runner.awaitLine("--statsd-host no-such-host.invalid:8125: the host no-such-host.invalid does not resolve,"
                    + " so metrics are not sent until it does", WAIT);
            assertTrue(get(port, "/").length() >= 0);
        }
    }

    private static List<Path> scratchDirectories(Path work) throws IOException {
        try (Stream<Path> children = Files.list(work)) {
            return children.filter(p -> p.getFileName().toString().startsWith("tmp-")).toList();
        }
    }

    private static String get(int port, String path) throws IOException {
        try (Socket socket = EdgeHttp.connect("127.0.0.1", port)) {
            EdgeHttp.Response response = EdgeHttp.send(socket, "GET " + path + " HTTP/1.1\nHost: localhost\n\n");
            assertTrue(response.status() < 500, "served: " + response.status());
            return response.body();
        }
    }
}
