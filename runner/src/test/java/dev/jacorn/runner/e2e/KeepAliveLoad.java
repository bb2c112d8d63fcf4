package dev.jacorn.runner.e2e;

import dev.jacorn.runner.testing.Await;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load generator for the zero-loss tests: N clients, each on its own raw keep-alive connection,
 * sending GET requests one after the other without pause and reading each response completely.
 *
 * <p>It counts what the tests assert on: responses that are not {@code 200} or do not carry the
 * expected body prefix, connection resets, any other I/O failure mid-request. A response with
 * {@code Connection: close} (a graceful stop) ends that client's connection; it reconnects,
 * unless the server has stopped accepting (connection refused), which then ends the client
 * without counting a failure: the server is going away and said so.
 *
 * <p>A kept-alive connection that ends before the first byte of a response (the server closed it
 * while the request was on its way) gets the request again on a new connection, as HTTP clients do
 * for idempotent requests (RFC 9112 section 9.3.1); such retries are counted apart, so that a test
 * can require none where the server must keep every connection open.
 */
final class KeepAliveLoad implements AutoCloseable {

    private final int port;
    private final List<Thread> clients = new ArrayList<>();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    /**
     * @param paths one entry per client: the path it requests, and the body prefix it expects
     */
    KeepAliveLoad(int port, List<String[]> paths) {
        this.port = port;
        for (int i = 0; i < paths.size(); i++) {
            String[] target = paths.get(i);
            Thread client = new Thread(() -> run(target[0], target[1]), "load-client-" + i);
            client.setDaemon(true);
            clients.add(client);
        }
    }

    KeepAliveLoad start() {
        clients.forEach(Thread::start);
        return this;
    }

    private void run(String path, String expectedPrefix) {
        Socket socket = null;
        boolean reused = false;
        while (running) {
            try {
                if (socket == null) {
                    socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                    socket.setSoTimeout(60_000);
                    connections.incrementAndGet();
                    reused = false;
                }
                boolean keepOpen = exchange(socket, path, expectedPrefix);
                reused = true;
                if (!keepOpen) {
                    socket.close();
                    socket = null;
                }
            } catch (NoResponse stale) {
                if (!reused) {
                    failed.incrementAndGet();
                    problems.add(path + ": " + stale.getCause());
                } else {
                    retries.incrementAndGet();
                    problems.add(path + ": retried on a new connection after " + stale.getCause());
                }
                socket = closeQuietly(socket);
            } catch (ConnectException refused) {
                // The listener is closed: only a stopping server does that. Nothing was in flight.
                return;
            } catch (SocketException e) {
                if (String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("reset")) {
                    resets.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                }
                problems.add(path + ": " + e);
                socket = closeQuietly(socket);
            } catch (IOException e) {
                failed.incrementAndGet();
                problems.add(path + ": " + e);
                socket = closeQuietly(socket);
            }
        }
        closeQuietly(socket);
    }

    /** One request and its whole response; returns whether the connection stays open. */
    private boolean exchange(Socket socket, String path, String expectedPrefix) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String status;
        try {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.mark(1);
            if (in.read() < 0) {
                throw new IOException("connection closed before a response");
            }
            in.reset();
            status = line(in);
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            throw new NoResponse(e);
        }
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        String body = chunked ? chunkedBody(in) : new String(in.readNBytes((int) Math.max(length, 0)),
                StandardCharsets.UTF_8);
        if (status.startsWith("HTTP/1.1 200") && body.startsWith(expectedPrefix)) {
            succeeded.incrementAndGet();
        } else {
            failed.incrementAndGet();
            problems.add(path + ": " + status + " " + body.strip());
        }
        // The BufferedInputStream must not have read past this response: responses come one at a time.
        return !close;
    }

    /** The connection ended before the first byte of a response. */
    private static final class NoResponse extends IOException {
        NoResponse(IOException cause) {
            super(cause);
        }
    }

    private static String chunkedBody(InputStream in) throws IOException {
        StringBuilder body = new StringBuilder();
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new IOException("connection closed inside a chunked body");
            }
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                line(in);
                return body.toString();
            }
            body.append(new String(in.readNBytes(n), StandardCharsets.UTF_8));
            line(in);
        }
    }

    /** A CRLF-terminated line, or null at end of stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private static Socket closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing left to do
            }
        }
        return null;
    }

    /** Waits until at least {@code count} requests succeeded in total. */
    void awaitSucceeded(long count, long timeoutSeconds) {
        if (Await.poll(Duration.ofSeconds(timeoutSeconds), () -> succeeded.get() >= count ? true : null).isEmpty()) {
            throw new AssertionError("only " + succeeded.get() + " of " + count + " requests succeeded within "
                    + timeoutSeconds + " s; " + summary());
        }
    }

    /** Waits for every client to end on its own (after a stop), up to the timeout. */
    boolean awaitClientsEnded(long timeoutSeconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (Thread client : clients) {
            client.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        }
        return clients.stream().noneMatch(Thread::isAlive);
    }

    long succeeded() {
        return succeeded.get();
    }

    long failed() {
        return failed.get();
    }

    long resets() {
        return resets.get();
    }

    /** Requests sent again on a new connection because a kept-alive one ended before any response byte. */
    long retries() {
        return retries.get();
    }

    long connections() {
        return connections.get();
    }

    String summary() {
        List<String> first = problems.stream().limit(10).toList();
        return succeeded.get() + " succeeded, " + failed.get() + " failed, " + resets.get() + " reset(s), "
                + retries.get() + " retried, " + connections.get() + " connection(s)" + (first.isEmpty() ? "" : "; first problems: " + first);
    }

    @Override
    public void close() {
        running = false;
    }
}
