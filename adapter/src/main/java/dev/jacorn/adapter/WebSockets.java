package dev.jacorn.adapter;

import io.undertow.server.DefaultByteBufferPool;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.ThreadSetupHandler;
import io.undertow.servlet.core.ServletExtensionHolder;
import io.undertow.websockets.extensions.PerMessageDeflateHandshake;
import io.undertow.websockets.jsr.Bootstrap;
import io.undertow.websockets.jsr.ServerWebSocketContainer;
import io.undertow.websockets.jsr.WebSocketDeploymentInfo;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jakarta WebSocket (Undertow's implementation) for one deployment of an application that uses
 * it: one with an {@code @ServerEndpoint}, a {@link ServerApplicationConfig} or an
 * {@link Endpoint} subclass among its classes (Spring's WebSocket module has one). Any other
 * application pays nothing: no container, no filter, no buffers.
 *
 * <p>The endpoints are found in the application's index as the specification asks: every
 * {@code @ServerEndpoint} class, unless the application has {@code ServerApplicationConfig}s, in
 * which case exactly the endpoints they return. Undertow's {@link Bootstrap} then builds the
 * {@code ServerContainer}, publishes it as the {@code jakarta.websocket.server.ServerContainer}
 * context attribute (where Spring's STOMP support looks) and closes every session with 1001 when
 * the deployment stops.
 *
 * <p>Endpoint methods run on the server's XNIO task threads, not on the I/O threads and not on the
 * worker's request threads: a session is not a request, so the watchdog's {@code --timeout} never
 * cuts one. {@link #events()} is read from any thread.
 */
public final class WebSockets {

    private static final Logger LOG = LoggerFactory.getLogger(WebSockets.class);

    // Names, not class literals: an application without WebSocket loads none of these classes.
    private static final DotName SERVER_ENDPOINT = DotName.createSimple("jakarta.websocket.server.ServerEndpoint");
    private static final DotName APPLICATION_CONFIG = DotName.createSimple("jakarta.websocket.server.ServerApplicationConfig");
    private static final DotName ENDPOINT = DotName.createSimple("jakarta.websocket.Endpoint");
    private static final int BUFFER_SIZE = 16 * 1024;

    /** What an application without WebSocket has: no sessions, ever. */
    static final WebSockets NONE = new WebSockets(null, null);

    static {
        // Undertow runs this extension for every deployment; it returns at once unless the
        // deployment carries a WebSocketDeploymentInfo, which only install() adds.
        ServletExtensionHolder.getServletExtensions().add(new Bootstrap());
    }

    private final Endpoints endpoints;
    private final WebSocketLimits limits;
    private final DefaultByteBufferPool buffers;
    private final LongAdder events = new LongAdder();
    private volatile boolean counting;

    private WebSockets(Endpoints endpoints, WebSocketLimits limits) {
        this.endpoints = endpoints;
        this.limits = limits;
        this.buffers = endpoints == null ? null : new DefaultByteBufferPool(true, BUFFER_SIZE);
    }

    /** Whether the application's classes use WebSocket. */
    static boolean isUsedBy(IndexView index) {
        return !index.getAnnotations(SERVER_ENDPOINT).isEmpty()
                || !index.getAllKnownImplementors(APPLICATION_CONFIG).isEmpty()
                || !index.getAllKnownSubclasses(ENDPOINT).isEmpty();
    }

    /**
     * Finds the endpoints of an application that uses WebSocket, creating its
     * {@code ServerApplicationConfig}s; {@link #NONE} for any other application. Called with the
     * application's loader as the context class loader, before anything is opened.
     *
     * @throws AppBootException when a {@code ServerApplicationConfig} cannot be created
     */
    static WebSockets prepare(IndexView index, ClassLoader loader, WebSocketLimits limits) {
        if (!isUsedBy(index)) {
            return NONE;
        }
        return new WebSockets(endpoints(index, loader), limits);
    }

    /** Sets WebSocket up on {@code info}; nothing for {@link #NONE}. */
    void install(DeploymentInfo info) {
        if (endpoints == null) {
            return;
        }
        WebSocketDeploymentInfo ws = new WebSocketDeploymentInfo()
                .setBuffers(buffers)
                // Endpoint code may block (a basic remote's send): never on an I/O thread.
                .setDispatchToWorkerThread(true)
                .addListener(this::ready);
        if (limits.compression()) {
            ws.addExtension(new PerMessageDeflateHandshake(false));
        }
        ws.addAnnotatedEndpoints(endpoints.annotated());
        ws.addProgramaticEndpoints(endpoints.configured());
        info.addServletContextAttribute(WebSocketDeploymentInfo.ATTRIBUTE_NAME, ws);
        info.addThreadSetupAction(eventCounter());
        LOG.debug("WebSocket for {}: {} annotated and {} configured endpoint(s)", info.getDeploymentName(),
                endpoints.annotated().size(), endpoints.configured().size());
    }

    private void ready(ServerWebSocketContainer ready) {
        ready.setDefaultMaxTextMessageBufferSize(limits.maxMessageBytes());
        ready.setDefaultMaxBinaryMessageBufferSize(limits.maxMessageBytes());
        ready.setDefaultMaxSessionIdleTimeout(limits.idleTimeout().toMillis());
    }

    /**
     * Counts the endpoint calls Undertow makes for a session's events (each message received, a
     * close, an error, the open of an annotated endpoint): it runs every one through the
     * deployment's thread set-up with no exchange, while servlet requests always have one.
     */
    private ThreadSetupHandler eventCounter() {
        return new ThreadSetupHandler() {
            @Override
            public <T, C> Action<T, C> create(Action<T, C> action) {
                return (exchange, context) -> {
                    if (exchange == null && counting) {
                        events.increment();
                    }
                    return action.call(exchange, context);
                };
            }
        };
    }

    /** The deployment has started: from now on such calls are session events, not start-up work. */
    void started() {
        counting = true;
    }

    /** The deployment stops; its buffers go once Undertow has closed the sessions. */
    void stopped() {
        counting = false;
        if (buffers != null) {
            buffers.close();
        }
    }

    /**
     * Events delivered to endpoints since the deployment started: every message received, and
     * each close, error and open of an annotated endpoint.
     */
    public long events() {
        return events.sum();
    }

    private record Endpoints(Set<Class<?>> annotated, Set<ServerEndpointConfig> configured) {
    }

    private static Endpoints endpoints(IndexView index, ClassLoader loader) {
        Set<Class<?>> annotated = new LinkedHashSet<>();
        for (AnnotationInstance instance : index.getAnnotations(SERVER_ENDPOINT)) {
            if (instance.target().kind() == AnnotationTarget.Kind.CLASS) {
                load(instance.target().asClass(), loader, annotated);
            }
        }
        Collection<ClassInfo> configs = concrete(index.getAllKnownImplementors(APPLICATION_CONFIG));
        if (configs.isEmpty()) {
            return new Endpoints(annotated, Set.of());
        }
        Set<Class<? extends Endpoint>> programmatic = new LinkedHashSet<>();
        for (ClassInfo type : concrete(index.getAllKnownSubclasses(ENDPOINT))) {
            Set<Class<?>> one = new LinkedHashSet<>();
            load(type, loader, one);
            one.forEach(c -> programmatic.add(c.asSubclass(Endpoint.class)));
        }
        // With ServerApplicationConfigs present, they alone choose what is deployed.
        Set<Class<?>> chosen = new LinkedHashSet<>();
        Set<ServerEndpointConfig> configured = new LinkedHashSet<>();
        for (ClassInfo type : configs) {
            ServerApplicationConfig config = instantiate(type, loader);
            chosen.addAll(config.getAnnotatedEndpointClasses(Set.copyOf(annotated)));
            configured.addAll(config.getEndpointConfigs(Set.copyOf(programmatic)));
        }
        return new Endpoints(chosen, configured);
    }

    private static Collection<ClassInfo> concrete(Collection<ClassInfo> types) {
        return types.stream().filter(c -> !Modifier.isAbstract(c.flags()) && !c.isInterface()).toList();
    }

    private static void load(ClassInfo type, ClassLoader loader, Set<Class<?>> into) {
        try {
            into.add(Class.forName(type.name().toString(), false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            // An optional integration whose dependencies the application does not ship: skip it.
            LOG.debug("Skipping WebSocket class {}: {}", type.name(), e.toString());
        }
    }

    private static ServerApplicationConfig instantiate(ClassInfo type, ClassLoader loader) {
        String name = type.name().toString();
        try {
            return Class.forName(name, true, loader).asSubclass(ServerApplicationConfig.class)
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            throw new AppBootException("The WebSocket configuration " + name + " could not be created; it needs a"
                    + " public no-argument constructor that does not throw.", cause);
        }
    }
}
