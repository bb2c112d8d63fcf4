package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Start-up failures that need a real process: a port in use, an application that throws at start. */
@ExtendWith(ServerLogOnFailure.class)
class StartupErrorsIT {

    @Test
    void aPortInUseIsOneSentenceAndExitCodeOne() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             RunnerProcess runner = RunnerProcess.start("--bind", "127.0.0.1:" + taken.getLocalPort(),
                     Samples.war("hello").toString())) {
            assertEquals(1, runner.awaitExit(Duration.ofSeconds(30)));
            runner.awaitLine("Error: The port in --bind 127.0.0.1:" + taken.getLocalPort()
                    + " is already in use; stop the other process or choose another port.", Duration.ofSeconds(1));
        }
    }

    @Test
    void anApplicationThatThrowsAtStartExitsWithCodeThreeNamingTheCause() {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("broken").toString())) {
            assertEquals(3, runner.awaitExit(Duration.ofSeconds(30)));
            runner.awaitLine("Error: Application broken failed to start: java.lang.IllegalStateException:"
                    + " database URL is not configured", Duration.ofSeconds(1));
        }
    }
}
