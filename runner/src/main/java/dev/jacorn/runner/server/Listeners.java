package dev.jacorn.runner.server;

import dev.jacorn.runner.ExitCode;
import dev.jacorn.runner.JacornException;
import dev.jacorn.runner.config.BindAddress;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The listening sockets and the I/O threads: one XNIO worker, one accepting channel per
 * {@code --bind}, each feeding Undertow's HTTP protocol with one handler (the router).
 *
 * <p>We open the channels ourselves instead of through {@code Undertow.start()} because a
 * graceful stop needs to stop accepting while open connections finish, and Undertow's own
 * {@code ListenerInfo.suspend()} closes every open connection.
 *
 * <p>Lifecycle, driven by the composition root from one thread: {@link #bind} opens the sockets
 * but accepts nothing yet (connections wait in the backlog while workers boot);
 * {@link #startAccepting}; {@link #stopAccepting} closes the listening sockets on shutdown;
 * {@link #close} closes the remaining connections and stops the I/O threads, and may be called
 * twice.
 */
public final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private static final int BACKLOG = 1000;

    private final List<BindAddress> binds;
    private final HttpHandler handler;
    private final List<AcceptingChannel<StreamConnection>> channels = new ArrayList<>();
    private XnioWorker worker;
    private HttpOpenListener openListener;

    public Listeners(List<BindAddress> binds, HttpHandler handler) {
        this.binds = List.copyOf(binds);
        this.handler = handler;
    }

    /**
     * Binds every address, logging {@code Listening at: URL (pid)} for each with the real port.
     *
     * @throws JacornException exit 1 when an address is in use or cannot be bound, naming it
     */
    public void bind() {
        int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        try {
            worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    // Requests run on the workers' own pools; XNIO's task pool only serves internal tasks.
                    .set(Options.WORKER_TASK_CORE_THREADS, 2)
                    .set(Options.WORKER_TASK_MAX_THREADS, Math.max(2, ioThreads))
                    .set(Options.TCP_NODELAY, true)
                    .getMap());
        } catch (IOException e) {
            throw new JacornException(ExitCode.ERROR, "The I/O threads could not be started; check the"
                    + " process limits (ulimit -u).", e);
        }
        ByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4);
        openListener = new HttpOpenListener(buffers, OptionMap.builder()
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, 60_000)
                .getMap());
        openListener.setRootHandler(handler);
        ChannelListener<AcceptingChannel<StreamConnection>> accept = ChannelListeners.openListenerAdapter(openListener);
        OptionMap socketOptions = OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, BACKLOG)
                .getMap();
        for (BindAddress bind : binds) {
            try {
                channels.add(worker.createStreamConnectionServer(bind.socketAddress(), accept, socketOptions));
            } catch (IOException | RuntimeException e) {
                close();
                throw bindFailure(bind, e);
            }
        }
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < channels.size(); i++) {
            LOG.info("Listening at: {} ({})", binds.get(i).url("http", boundAddresses().get(i).getPort()), pid);
        }
    }

    private static JacornException bindFailure(BindAddress bind, Exception failure) {
        String problem = probe(bind);
        if (problem == null) {
            problem = "The address in --bind " + bind + " could not be opened (" + failure.getMessage() + ").";
        }
        return new JacornException(ExitCode.ERROR, problem, failure);
    }

    /** Re-tries one address alone to say why it failed; {@code null} if it binds. */
    private static String probe(BindAddress bind) {
        InetSocketAddress address = bind.socketAddress();
        if (address.isUnresolved()) {
            return "The host in --bind " + bind + " is not known; use an IP address or a resolvable host name.";
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(address);
            return null;
        } catch (BindException e) {
            String reason = String.valueOf(e.getMessage());
            if (reason.contains("in use")) {
                return "The port in --bind " + bind + " is already in use; stop the other process or choose"
                        + " another port.";
            }
            return "The address in --bind " + bind + " cannot be bound (" + reason + "); use an address of this"
                    + " machine, or a port above 1023 when not running as root.";
        } catch (UnknownHostException e) {
            return "The host in --bind " + bind + " is not known; use an IP address or a resolvable host name.";
        } catch (IOException e) {
            return "The address in --bind " + bind + " cannot be bound (" + e.getMessage() + ").";
        }
    }

    /** Lets connections in. */
    public void startAccepting() {
        channels.forEach(AcceptingChannel::resumeAccepts);
    }

    /** Closes the listening sockets: no new connection; open connections carry on until {@link #close}. */
    public void stopAccepting() {
        for (AcceptingChannel<StreamConnection> channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Closing listener {} failed: {}", channel.getLocalAddress(), e.toString());
            }
        }
    }

    /** Closes every connection and stops the I/O threads. Harmless when never bound or already closed. */
    public void close() {
        stopAccepting();
        if (openListener != null) {
            openListener.closeConnections();
            openListener = null;
        }
        if (worker != null) {
            worker.shutdown();
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }

    /** The actual bound addresses (with real ports when 0 was asked for), in {@code --bind} order. */
    public List<InetSocketAddress> boundAddresses() {
        return channels.stream().map(c -> c.getLocalAddress(InetSocketAddress.class)).toList();
    }
}
