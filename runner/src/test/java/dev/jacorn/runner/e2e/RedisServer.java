package dev.jacorn.runner.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (Debian's package) on a loopback port, saving nothing on its own: its data
 * survives a {@link #stop()} and {@link #start()} only through the snapshot a {@code SHUTDOWN SAVE}
 * writes into the test's directory.
 */
final class RedisServer implements AutoCloseable {

    private final Path dir;
    private final int port;
    private Process process;

    RedisServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    int port() {
        return port;
    }

    RedisServer start() throws IOException {
        Path binary = Path.of("/usr/bin/redis-server");
        if (!Files.isExecutable(binary)) {
            throw new AssertionError("redis-server is not installed; .ci/run installs it (apt-get install redis-server)");
        }
        process = new ProcessBuilder(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--dbfilename", "dump.rdb",
                "--daemonize", "no", "--logfile", dir.resolve("redis.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            try {
                if (command("PING").startsWith("+PONG")) {
                    return this;
                }
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new AssertionError("redis-server exited: " + Files.readString(dir.resolve("redis.out")));
                }
            }
            RunnerProcess.sleep(50);
        }
        throw new AssertionError("redis-server did not answer PING on port " + port);
    }

    /** Saves a snapshot and stops, as an operator's restart would. */
    void stop() throws IOException, InterruptedException {
        try {
            command("SHUTDOWN SAVE");
        } catch (IOException expected) {
            // The server closes the connection as it goes.
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Sends one inline command and returns the first reply line. */
    String command(String line) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                reply.append((char) c);
            }
            if (reply.length() == 0) {
                throw new IOException("no reply");
            }
            return reply.toString().strip();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
