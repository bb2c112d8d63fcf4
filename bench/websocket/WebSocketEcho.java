import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A WebSocket echo load: C connections, each sending one text message and waiting for its echo
 * before the next (round trips, as wrk does for HTTP), for D seconds after a warm-up. Prints
 * messages per second and round-trip percentiles. Run with the JDK alone:
 *
 *   java bench/websocket/WebSocketEcho.java ws://127.0.0.1:8000/echo 32 10 3 64
 *                                           URI                      C  D  warm-up  message bytes
 */
public final class WebSocketEcho {

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int connections = Integer.parseInt(args[1]);
        int seconds = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        String message = "x".repeat(Integer.parseInt(args[4]));
        HttpClient http = HttpClient.newHttpClient();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Connection> all = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            all.add(new Connection(http, uri, message, measuring, running));
        }
        all.forEach(Connection::next);
        TimeUnit.SECONDS.sleep(warmup);
        measuring.set(true);
        long start = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        running.set(false);
        long total = 0;
        long errors = 0;
        List<Long> latencies = new ArrayList<>();
        for (Connection c : all) {
            synchronized (c) {
                total += c.count;
                errors += c.errors;
                for (int i = 0; i < c.samples; i++) {
                    latencies.add(c.latencies[i]);
                }
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        System.out.printf("connections=%d seconds=%.1f messages=%d msg/s=%.0f p50=%.3fms p99=%.3fms errors=%d%n",
                connections, elapsed, total, total / elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99), errors);
        all.forEach(c -> c.socket.abort());
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)] / 1e6;
    }

    private static final class Connection implements WebSocket.Listener {
        final String message;
        final AtomicBoolean measuring;
        final AtomicBoolean running;
        final long[] latencies = new long[2_000_000];
        final WebSocket socket;
        final StringBuilder partial = new StringBuilder();
        long sentAt;
        long count;
        long errors;
        int samples;

        Connection(HttpClient http, URI uri, String message, AtomicBoolean measuring, AtomicBoolean running)
                throws Exception {
            this.message = message;
            this.measuring = measuring;
            this.running = running;
            this.socket = http.newWebSocketBuilder().buildAsync(uri, this).get(30, TimeUnit.SECONDS);
        }

        void next() {
            if (running.get()) {
                sentAt = System.nanoTime();
                socket.sendText(message, true);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            webSocket.request(1);
            if (last) {
                long took = System.nanoTime() - sentAt;
                synchronized (this) {
                    if (partial.length() != message.length()) {
                        errors++;
                    } else if (measuring.get()) {
                        count++;
                        if (samples < latencies.length) {
                            latencies[samples++] = took;
                        }
                    }
                }
                partial.setLength(0);
                next();
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            synchronized (this) {
                errors++;
            }
        }
    }
}
