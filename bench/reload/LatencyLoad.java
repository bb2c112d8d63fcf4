import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Closed-loop HTTP/1.1 keep-alive load that records every request's end time and latency, so
 * that the latency of a short window (the seconds after a reload) can be read afterwards, which
 * wrk's whole-run histogram cannot give. Run with the source launcher:
 *
 *   java bench/reload/LatencyLoad.java PORT PATH CONNECTIONS SECONDS OUT.csv
 *
 * The load ends after SECONDS, or earlier when standard input is closed.
 * OUT.csv gets one line per request: end time (epoch ms), latency (µs), status (0 = failed).
 * Standard library only; one platform thread per connection.
 */
public final class LatencyLoad {

    static volatile long endNanos;

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String path = args[1];
        int connections = Integer.parseInt(args[2]);
        endNanos = System.nanoTime() + (long) (Double.parseDouble(args[3]) * 1e9);
        Thread stdin = new Thread(() -> {
            try {
                System.in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // a broken pipe ends the load as EOF does
            }
            endNanos = System.nanoTime();
        });
        stdin.setDaemon(true);
        stdin.start();
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Client client = new Client(port, request);
            clients.add(client);
            client.start();
        }
        // Epoch ms of a nanoTime reading, so samples line up with the driver's clock.
        long epochMs = System.currentTimeMillis();
        long nanos = System.nanoTime();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[4])))) {
            for (Client client : clients) {
                client.join();
                for (int i = 0; i < client.count; i++) {
                    long endMs = epochMs + (client.ends[i] - nanos) / 1_000_000;
                    out.println(endMs + "," + client.latencies[i] / 1_000 + "," + client.statuses[i]);
                }
            }
        }
    }

    static final class Client extends Thread {
        final int port;
        final byte[] request;
        long[] ends = new long[1 << 16];
        long[] latencies = new long[1 << 16];
        int[] statuses = new int[1 << 16];
        int count;

        Client(int port, byte[] request) {
            this.port = port;
            this.request = request;
            setDaemon(true);
        }

        @Override
        public void run() {
            Socket socket = null;
            InputStream in = null;
            OutputStream out = null;
            while (System.nanoTime() < endNanos) {
                long start = System.nanoTime();
                int status;
                try {
                    if (socket == null) {
                        socket = new Socket("127.0.0.1", port);
                        socket.setTcpNoDelay(true);
                        in = new BufferedInputStream(socket.getInputStream(), 65536);
                        out = socket.getOutputStream();
                    }
                    out.write(request);
                    out.flush();
                    status = readResponse(in);
                } catch (IOException e) {
                    status = 0;
                    close(socket);
                    socket = null;
                }
                record(System.nanoTime(), start, status);
            }
            close(socket);
        }

        private void record(long end, long start, int status) {
            if (count == ends.length) {
                ends = java.util.Arrays.copyOf(ends, count * 2);
                latencies = java.util.Arrays.copyOf(latencies, count * 2);
                statuses = java.util.Arrays.copyOf(statuses, count * 2);
            }
            ends[count] = end;
            latencies[count] = end - start;
            statuses[count] = status;
            count++;
        }

        private static void close(Socket socket) {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }

        /** Reads one response (Content-Length or chunked) and returns its status. */
        private static int readResponse(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase(java.util.Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line(in).trim(), 16); size > 0; size = Long.parseLong(line(in).trim(), 16)) {
                    skip(in, size);
                    line(in);
                }
                line(in);
            } else if (length > 0) {
                skip(in, length);
            }
            return status;
        }

        private static void skip(InputStream in, long bytes) throws IOException {
            while (bytes > 0) {
                long skipped = in.skip(bytes);
                if (skipped <= 0) {
                    if (in.read() < 0) {
                        throw new IOException("connection closed in a body");
                    }
                    skipped = 1;
                }
                bytes -= skipped;
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }
}
