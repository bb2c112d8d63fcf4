import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WebSocket echo load for bench/run.py (the websocket workload), JDK only:
 * {@code java bench/ws/WsEcho.java URL CONNECTIONS SECONDS [MESSAGE_BYTES]}.
 *
 * <p>Opens CONNECTIONS WebSockets to URL, then for SECONDS each connection sends a text message
 * of MESSAGE_BYTES (default 64) and sends the next as soon as its echo has arrived (one message
 * in flight per connection, as wrk keeps one request in flight per connection). Counts the echoes
 * that arrive in the window and prints one line {@code BENCH-RESULT {json}} with the same fields
 * as bench/wrk/bench.lua, a message counting as a request; an echo that differs from what was sent
 * counts as a status error, a connection that fails to open or closes early as a connect or read
 * error.
 */
public final class WsEcho {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java WsEcho.java URL CONNECTIONS SECONDS [MESSAGE_BYTES]");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        int connections = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        String message = "x".repeat(args.length > 3 ? Integer.parseInt(args[3]) : 64);
        HttpClient client = HttpClient.newHttpClient();
        AtomicLong connectErrors = new AtomicLong();
        List<Echoer> echoers = new ArrayList<>();
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Echoer echoer = new Echoer(message);
            echoers.add(echoer);
            opening.add(client.newWebSocketBuilder().connectTimeout(java.time.Duration.ofSeconds(10))
                    .buildAsync(uri, echoer));
        }
        List<Echoer> open = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            try {
                echoers.get(i).socket = opening.get(i).get(15, TimeUnit.SECONDS);
                open.add(echoers.get(i));
            } catch (Exception e) {
                connectErrors.incrementAndGet();
            }
        }
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        for (Echoer e : open) {
            e.start(end);
        }
        TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
        long duration = System.nanoTime() - start;
        long count = 0, mismatches = 0, closed = 0;
        long[] all = new long[0];
        for (Echoer e : open) {
            synchronized (e) {
                count += e.count;
                mismatches += e.mismatches;
                closed += e.closedEarly ? 1 : 0;
                int from = all.length;
                all = Arrays.copyOf(all, from + e.count);
                System.arraycopy(e.latencies, 0, all, from, e.count);
            }
        }
        Arrays.sort(all);
        System.out.printf("BENCH-RESULT {\"requests\":%d,\"duration_us\":%d,\"bytes\":%d,"
                        + "\"connect_errors\":%d,\"read_errors\":%d,\"write_errors\":0,\"status_errors\":%d,"
                        + "\"timeouts\":0,\"p50_us\":%d,\"p90_us\":%d,\"p99_us\":%d,\"max_us\":%d}%n",
                count, duration / 1000, count * message.length(), connectErrors.get(), closed, mismatches,
                percentile(all, 50), percentile(all, 90), percentile(all, 99), all.length == 0 ? 0 : all[all.length - 1]);
        System.exit(0); // the sockets are not closed gracefully: the window is over
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) ((long) sorted.length * p / 100))];
    }

    /** One connection: one message in flight, the next sent when the echo of the last is complete. */
    private static final class Echoer implements WebSocket.Listener {
        private final String message;
        private final StringBuilder received = new StringBuilder();
        volatile WebSocket socket;
        private long end;
        private long sentAt;
        int count;
        int mismatches;
        boolean closedEarly;
        long[] latencies = new long[1024];

        Echoer(String message) {
            this.message = message;
        }

        synchronized void start(long end) {
            this.end = end;
            send();
        }

        private void send() {
            sentAt = System.nanoTime();
            socket.sendText(message, true);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public synchronized CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            received.append(data);
            if (last) {
                long now = System.nanoTime();
                if (now <= end) {
                    if (!received.toString().equals(message)) {
                        mismatches++;
                    }
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = (now - sentAt) / 1000;
                    received.setLength(0);
                    send();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public synchronized CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedEarly = System.nanoTime() < end;
            return null;
        }

        @Override
        public synchronized void onError(WebSocket webSocket, Throwable error) {
            closedEarly = System.nanoTime() < end;
        }
    }
}
