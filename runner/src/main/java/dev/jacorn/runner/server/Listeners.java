package dev.jacorn.runner.server;

import dev.jacorn.runner.exit.ExitCode;
import dev.jacorn.runner.exit.JacornException;
import dev.jacorn.runner.config.BindAddress;
import dev.jacorn.runner.lifecycle.AbstractLifeCycle;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.HttpHandler;
import io.undertow.server.OpenListener;
import io.undertow.server.protocol.http.AlpnOpenListener;
import io.undertow.server.protocol.http.HttpOpenListener;
import io.undertow.server.protocol.http2.Http2OpenListener;
import io.undertow.server.protocol.proxy.ProxyProtocolOpenListener;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

/**
 * The listening sockets and the I/O threads: one XNIO worker, one accepting channel per
 * {@code --bind}, each feeding Undertow's protocols (HTTP/1.1; HTTP/2 as h2 over TLS by ALPN and
 * as h2c; TLS; the PROXY header) with the one request pipeline {@link RequestPipeline} builds.
 *
 * <p>Every listening socket is a plain TCP server; TLS is applied per accepted connection by
 * {@link TlsOpenListener}, so that a PROXY header (which precedes the TLS handshake) and direct
 * TLS share one path. {@code --max-connections} is XNIO's connection high-water mark: at the mark
 * the socket stops accepting and further connections wait in the kernel's backlog.
 *
 * <p>We open the channels ourselves instead of through {@code Undertow.start()} because a
 * graceful stop needs to stop accepting while open connections finish, and Undertow's own
 * {@code ListenerInfo.suspend()} closes every open connection.
 *
 * <p>Lifecycle, driven by the composition root from one thread: {@link #bind} opens the sockets
 * but accepts nothing yet (connections wait in the backlog while workers boot);
 * {@link #startAccepting}; {@link #stopAccepting} closes the listening sockets on shutdown;
 * {@link #close} closes the remaining connections and stops the I/O threads, and may be called
 * twice. As a {@link dev.jacorn.runner.lifecycle.LifeCycle}, start is {@link #bind} and stop is
 * {@link #close}.
 */
public final class Listeners extends AbstractLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final ListenerOptions options;
    private final List<BindAddress> binds;
    private final HttpHandler cleartextPipeline;
    private final HttpHandler securePipeline;
    private final List<AcceptingChannel<StreamConnection>> channels = new ArrayList<>();
    private final List<OpenListener> protocols = new ArrayList<>();
    private final List<Http2Protocol> http2 = new ArrayList<>();
    private final KeepAliveConnections keepAlive = new KeepAliveConnections();
    private XnioWorker worker;
    private ExecutorService tasks;
    /** The bound port of the first HTTPS listener, for CONFIDENTIAL redirects; -1 when there is none. */
    private volatile int httpsPort = -1;

    /**
     * @param router the handler every request ends at
     * @param observer wraps the handler behind it with the access log and metrics (identity when off)
     */
    public Listeners(ListenerOptions options, HttpHandler router, UnaryOperator<HttpHandler> observer) {
        this.options = options;
        this.binds = List.copyOf(options.binds());
        this.cleartextPipeline = RequestPipeline.build(options, router, observer, () -> httpsPort, true, keepAlive);
        this.securePipeline = RequestPipeline.build(options, router, observer, () -> httpsPort, false, keepAlive);
    }

    /**
     * Binds every address, logging {@code Listening at: URL (pid)} for each with the real port.
     *
     * @throws JacornException exit 1 when an address is in use or cannot be bound, naming it
     */
    public void bind() {
        int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        try {
            tasks = TaskThreads.start(ioThreads);
            worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorkerBuilder()
                    .populateFromOptions(OptionMap.builder()
                            .set(Options.WORKER_IO_THREADS, ioThreads)
                            .getMap())
                    // Requests run on the workers' own pools; this one serves TLS and WebSocket tasks.
                    .setExternalExecutorService(tasks)
                    .build();
        } catch (RuntimeException e) {
            throw new JacornException(ExitCode.ERROR, "The I/O threads could not be started; check the"
                    + " process limits (ulimit -u).", e);
        }
        ByteBufferPool buffers = bufferPool(options.onVirtualThreads());
        OptionMap undertowOptions = undertowOptions();
        OptionMap socketOptions = socketOptions(ioThreads);
        UndertowXnioSsl ssl = options.tls() == null ? null
                : new UndertowXnioSsl(worker.getXnio(), OptionMap.EMPTY, options.tls().context());
        OpenListener http = null;
        OpenListener https = null;
        for (BindAddress bind : binds) {
            boolean secure = options.schemeOf(bind).equals("https");
            if (secure && https == null) {
                https = new TlsOpenListener(ssl, options.tls(), secureProtocols(buffers, undertowOptions));
            } else if (!secure && http == null) {
                http = httpProtocol(buffers, undertowOptions);
            }
            Acceptor acceptor = acceptor(secure ? https : http, buffers);
            try {
                channels.add(worker.createStreamConnectionServer(bind.socketAddress(), acceptor, socketOptions));
            } catch (IOException | RuntimeException e) {
                close();
                throw bindFailure(bind, e);
            }
        }
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < channels.size(); i++) {
            BindAddress bind = binds.get(i);
            if (httpsPort < 0 && options.schemeOf(bind).equals("https")) {
                httpsPort = boundAddresses().get(i).getPort();
            }
            LOG.info("Listening at: {} ({})", bind.url(options.schemeOf(bind), boundAddresses().get(i).getPort()), pid);
        }
        if (options.tls() != null) {
            LOG.info("TLS: {}", options.tls());
        }
    }

    /**
     * Undertow's pool keeps up to four freed buffers per thread, handed back only when that thread
     * has been collected and finalized. Platform request threads live on and reuse theirs; a
     * virtual thread serves one request and would take its buffers to the finalizer, so under load
     * direct memory runs out (SupervisorVirtualThreadsIT did). With virtual threads every freed
     * buffer goes back to one shared queue of up to 1,024 instead.
     */
    private static ByteBufferPool bufferPool(boolean onVirtualThreads) {
        int size = 16 * 1024 - 20;
        return onVirtualThreads
                ? new DefaultByteBufferPool(true, size, 1024, 0)
                : new DefaultByteBufferPool(true, size, -1, 4);
    }

    /** With {@code --proxy-protocol}, peers in {@code --proxy-allow-ips} go through the PROXY header reader first. */
    private Acceptor acceptor(OpenListener protocol, ByteBufferPool buffers) {
        ChannelListener<StreamConnection> proxied = options.proxyProtocol()
                ? new ProxyProtocolOpenListener(protocol, null, buffers, OptionMap.EMPTY) : null;
        return new Acceptor(protocol, proxied, options.proxyAllowIps());
    }

    private OptionMap socketOptions(int ioThreads) {
        return OptionMap.builder()
                .set(Options.WORKER_IO_THREADS, ioThreads)
                .set(Options.TCP_NODELAY, true)
                .set(Options.REUSE_ADDRESSES, true)
                .set(Options.BALANCING_TOKENS, 1)
                .set(Options.BALANCING_CONNECTIONS, 2)
                .set(Options.BACKLOG, options.backlog())
                // --max-connections: at the high-water mark the socket stops accepting until one closes.
                .set(Options.CONNECTION_HIGH_WATER, options.maxConnections())
                .set(Options.CONNECTION_LOW_WATER, options.maxConnections())
                .getMap();
    }

    /** HTTP/1.1, and with HTTP/2 on, h2c by prior knowledge (the preface decides). */
    private OpenListener httpProtocol(ByteBufferPool buffers, OptionMap undertowOptions) {
        Http1Protocol http = new Http1Protocol(new HttpOpenListener(buffers, undertowOptions), keepAlive);
        OpenListener protocol = http;
        if (options.http2()) {
            Http2Protocol h2c = new Http2Protocol(buffers, undertowOptions, "h2c", options);
            http2.add(h2c);
            protocol = new CleartextProtocols(http, h2c, keepAlive, options.keepaliveMillis());
        }
        protocol.setRootHandler(cleartextPipeline);
        protocols.add(protocol);
        return protocol;
    }

    /** HTTP/1.1 over TLS, and with HTTP/2 on, h2 chosen by ALPN. */
    private OpenListener secureProtocols(ByteBufferPool buffers, OptionMap undertowOptions) {
        Http1Protocol http = new Http1Protocol(new HttpOpenListener(buffers, undertowOptions), keepAlive);
        http.setRootHandler(securePipeline);
        protocols.add(http);
        if (!options.http2()) {
            return http;
        }
        Http2Protocol h2 = new Http2Protocol(buffers, undertowOptions, "h2", options);
        h2.setRootHandler(securePipeline);
        protocols.add(h2);
        http2.add(h2);
        AlpnOpenListener alpn = new AlpnOpenListener(buffers, undertowOptions, http);
        alpn.addProtocol(Http2OpenListener.HTTP2, h2, 10);
        return alpn;
    }

    /**
     * The protocol options: timeouts, the parser's ceilings behind {@link RequestLimits}, the HTTP/2
     * settings advertised. Undertow's own HTTP/2 start-up (prior knowledge on its HTTP/1.1 parser)
     * stays off: {@link Http2Protocol} starts every HTTP/2 connection, with the limits it holds.
     */
    private OptionMap undertowOptions() {
        RequestLimits limits = options.limits();
        ProtocolLimits protocol = options.protocol();
        long body = limits.body() > 0 ? limits.body() : Long.MAX_VALUE;
        return OptionMap.builder()
                .set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, options.keepaliveMillis()))
                .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, options.headerTimeoutMillis()))
                .set(UndertowOptions.MAX_HEADER_SIZE, limits.headerBytesCeiling())
                .set(UndertowOptions.MAX_HEADERS, limits.parserFieldCeiling())
                .set(UndertowOptions.MAX_ENTITY_SIZE, body)
                .set(UndertowOptions.MULTIPART_MAX_ENTITY_SIZE, body)
                .set(UndertowOptions.HTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, protocol.maxHeaderListSize())
                .set(UndertowOptions.HTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, protocol.maxConcurrentStreams())
                .set(UndertowOptions.MAX_RST_FRAMES_PER_WINDOW, protocol.maxResets())
                .set(UndertowOptions.RST_FRAMES_TIME_WINDOW, (int) ProtocolLimits.RESET_WINDOW_MILLIS)
                .set(UndertowOptions.ENABLE_HTTP2, false)
                .getMap();
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
            // Told apart by what is there, not by the message: another process answers on the port.
            if (acceptsConnections(address)) {
                return "The port in --bind " + bind + " is already in use; stop the other process or choose"
                        + " another port.";
            }
            return "The address in --bind " + bind + " cannot be bound (" + e.getMessage() + "); use an address of"
                    + " this machine, or a port above 1023 when not running as root.";
        } catch (UnknownHostException e) {
            return "The host in --bind " + bind + " is not known; use an IP address or a resolvable host name.";
        } catch (IOException e) {
            return "The address in --bind " + bind + " cannot be bound (" + e.getMessage() + ").";
        }
    }

    @Override
    protected void doStart() {
        bind();
    }

    @Override
    protected void doStop() {
        close();
    }

    /** Whether something listens at {@code address} (the wildcard address is tried on loopback). */
    private static boolean acceptsConnections(InetSocketAddress address) {
        InetSocketAddress target = address.getAddress().isAnyLocalAddress()
                ? new InetSocketAddress(InetAddress.getLoopbackAddress(), address.getPort()) : address;
        try (Socket socket = new Socket()) {
            socket.connect(target, 1000);
            return true;
        } catch (IOException e) {
            return false;
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

    /**
     * A graceful stop's step between the last response and the workers' drain: closes every
     * HTTP/1.1 connection that is between two requests and sends GOAWAY to every HTTP/2 connection
     * with no stream open, so that their clients' next requests go to a new connection (another
     * host, behind a load balancer) rather than to workers that are going away. Connections in the
     * middle of a request, and upgraded ones (WebSocket), carry on. Any thread.
     */
    public void closeIdleConnections() {
        keepAlive.closeIdle();
        http2.forEach(Http2Protocol::closeIdleConnections);
    }

    /** Closes every connection and stops the I/O threads. Harmless when never bound or already closed. */
    public void close() {
        stopAccepting();
        protocols.forEach(OpenListener::closeConnections);
        protocols.clear();
        http2.clear();
        if (worker != null) {
            worker.shutdown();
            try {
                worker.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
        if (tasks != null) {
            tasks.shutdown();
            tasks = null;
        }
    }

    /** The actual bound addresses (with real ports when 0 was asked for), in {@code --bind} order. */
    public List<InetSocketAddress> boundAddresses() {
        return channels.stream().map(c -> c.getLocalAddress(InetSocketAddress.class)).toList();
    }
}
