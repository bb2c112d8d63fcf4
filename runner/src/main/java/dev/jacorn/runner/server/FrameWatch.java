package dev.jacorn.runner.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitReadableByteChannel;
import org.xnio.conduits.Conduits;
import org.xnio.conduits.StreamSourceConduit;

/**
 * Reads the frame headers of an HTTP/2 connection as its bytes arrive, before Undertow parses
 * them, and counts what an attacker sends cheaply and the server pays for: every RST_STREAM
 * (whatever the stream's state, which is where Undertow's own count stops: a reset of a stream
 * whose request was complete is not counted there, the Rapid Reset shape of CVE-2023-44487), and
 * PING, SETTINGS, PRIORITY and empty DATA, HEADERS or CONTINUATION frames. Past a budget the bytes
 * from the offending frame on are dropped (so the streams they would open never reach the
 * application) and the {@link Listener} is told once; it sends GOAWAY ENHANCE_YOUR_CALM.
 *
 * <p>It also tells the listener when a header block is open (a HEADERS frame without END_HEADERS
 * until the CONTINUATION that ends it), for the header timeout.
 *
 * <p>Runs on the connection's I/O thread, inside Undertow's reads; not thread-safe.
 */
final class FrameWatch extends AbstractStreamSourceConduit<StreamSourceConduit> {

    /** The connection the watch reports to; called on the I/O thread. */
    interface Listener {
        void tooMany(String what, int count, long windowMillis);

        /** A frame arrived: the connection is not idle. */
        void frame();

        void headerBlock(boolean open);
    }

    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int PRIORITY = 0x2;
    private static final int RST_STREAM = 0x3;
    private static final int SETTINGS = 0x4;
    private static final int PING = 0x6;
    private static final int CONTINUATION = 0x9;
    private static final int END_STREAM = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int PREFACE_LENGTH = 24;

    private final Budget resets;
    private final Budget control;
    private Listener listener;
    private int prefaceLeft;
    private final byte[] header = new byte[9];
    private int headerRead;
    private long payloadLeft;
    private boolean dropping;

    FrameWatch(StreamSourceConduit next, ProtocolLimits limits, boolean prefaceExpected) {
        super(next);
        this.resets = new Budget(limits.maxResets(), ProtocolLimits.RESET_WINDOW_MILLIS);
        this.control = new Budget(limits.maxControlFrames(), ProtocolLimits.CONTROL_WINDOW_MILLIS);
        this.prefaceLeft = prefaceExpected ? PREFACE_LENGTH : 0;
    }

    void listen(Listener listener) {
        this.listener = listener;
    }

    /**
     * Accounts for bytes read before this watch was in place (the ALPN or preface read), which can
     * hold a whole first burst of a flood. Called once, after {@link #listen}, so that a budget
     * spent here is told like any other; the bytes from the offending frame on are cut off.
     */
    void seen(ByteBuffer bytes) {
        int cut = scan(bytes, bytes.position(), bytes.limit());
        if (cut >= 0) {
            bytes.limit(cut);
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (dropping) {
            return drop(dst);
        }
        int start = dst.position();
        int read = next.read(dst);
        if (read <= 0) {
            return read;
        }
        int cut = scan(dst, start, dst.position());
        if (cut < 0) {
            return read;
        }
        dst.position(cut);
        return cut - start;
    }

    /** After the budget was spent: reads and discards, so the socket does not stay readable. */
    private int drop(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int read;
        do {
            read = next.read(dst);
            dst.position(start);
        } while (read > 0);
        return read < 0 ? -1 : 0;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        for (int i = offs; i < offs + len; i++) {
            if (dsts[i].hasRemaining()) {
                return read(dsts[i]);
            }
        }
        return 0;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return target.transferFrom(new ConduitReadableByteChannel(this), position, count);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        return Conduits.transfer(this, count, throughBuffer, target);
    }

    /** Walks the frame headers in {@code buffer[from, to)}; returns where to cut it, or -1 to keep it all. */
    private int scan(ByteBuffer buffer, int from, int to) {
        int i = from;
        while (i < to) {
            if (prefaceLeft > 0) {
                int skip = Math.min(prefaceLeft, to - i);
                prefaceLeft -= skip;
                i += skip;
            } else if (payloadLeft > 0) {
                int skip = (int) Math.min(payloadLeft, to - i);
                payloadLeft -= skip;
                i += skip;
            } else {
                int frameStart = i - headerRead;
                while (headerRead < header.length && i < to) {
                    header[headerRead++] = buffer.get(i++);
                }
                if (headerRead == header.length) {
                    headerRead = 0;
                    if (!frame()) {
                        dropping = true;
                        return Math.max(from, frameStart);
                    }
                }
            }
        }
        return -1;
    }

    /** One complete frame header; false when it spends a budget. */
    private boolean frame() {
        int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
        int type = header[3] & 0xff;
        int flags = header[4] & 0xff;
        payloadLeft = length;
        if (listener != null) {
            listener.frame();
        }
        switch (type) {
            case RST_STREAM -> {
                return spend(resets, "RST_STREAM frames");
            }
            case PING, SETTINGS, PRIORITY -> {
                return spend(control, "PING, SETTINGS or PRIORITY frames");
            }
            case DATA -> {
                return length > 0 || (flags & END_STREAM) != 0 || spend(control, "empty DATA frames");
            }
            case HEADERS, CONTINUATION -> {
                boolean ended = (flags & END_HEADERS) != 0;
                // A block opens with its HEADERS: CONTINUATION frames that do not end it must not restart its timer.
                if (listener != null && (type == HEADERS || ended)) {
                    listener.headerBlock(!ended);
                }
                return length > 0 || ended || spend(control, "empty HEADERS or CONTINUATION frames");
            }
            default -> {
                return true;
            }
        }
    }

    private boolean spend(Budget budget, String what) {
        if (budget.spend(System.nanoTime())) {
            return true;
        }
        if (listener != null) {
            listener.tooMany(what, budget.limit, budget.windowMillis);
        }
        return false;
    }

    /** At most {@code limit} events in any fixed window of {@code windowMillis}. */
    private static final class Budget {
        final int limit;
        final long windowMillis;
        private long windowStart = System.nanoTime();
        private int spent;

        Budget(int limit, long windowMillis) {
            this.limit = limit;
            this.windowMillis = windowMillis;
        }

        boolean spend(long now) {
            if (now - windowStart >= windowMillis * 1_000_000) {
                windowStart = now;
                spent = 0;
            }
            return ++spent <= limit;
        }
    }
}
