package dev.jacorn.adapter;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one deployment: the application's own classes first (child-first, as the
 * Servlet specification asks of web applications), then the JDK.
 *
 * <p>Three kinds of names never come from the application: the JDK's own classes ({@code java.*},
 * and anything the platform class loader has), and the APIs the container provides
 * ({@code jakarta.servlet.*}, {@code jakarta.websocket.*} and Undertow's servlet SPI), which come
 * from {@code containerLoader} so that the application and Undertow agree on them. Everything else
 * the runner carries (logback, SLF4J, picocli, Jandex, the rest of Undertow) is invisible: an
 * application that ships its own logging uses its own.
 *
 * <p>One loader per deployment; {@link #close()} is called when the deployment is undeployed.
 * Thread-safe, as every class loader must be.
 */
public final class WebAppClassLoader extends URLClassLoader {

    /**
     * Name prefixes always loaded from the container: the Servlet and WebSocket APIs, the two
     * providers the WebSocket API finds with {@code ServiceLoader}, and Undertow's public servlet SPI
     * (what Weld's {@code ServletExtension} for Undertow links to).
     */
    private static final List<String> CONTAINER_APIS = List.of("jakarta.servlet.", "jakarta.websocket.",
            "io.undertow.websockets.jsr.DefaultContainerConfigurator", "io.undertow.websockets.jsr.UndertowContainerProvider",
            "io.undertow.servlet.ServletExtension", "io.undertow.servlet.api.", "io.undertow.servlet.util.");

    /** Service files of those APIs: the container's providers are listed after the application's own. */
    private static final String CONTAINER_SERVICES = "META-INF/services/jakarta.websocket.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader containerLoader;
    private final ClassLoader platformLoader;
    private final String applicationName;

    public WebAppClassLoader(String applicationName, URL[] urls, ClassLoader containerLoader) {
        super("jacorn-webapp[" + applicationName + "]", urls, ClassLoader.getPlatformClassLoader());
        this.applicationName = applicationName;
        this.containerLoader = containerLoader;
        this.platformLoader = ClassLoader.getPlatformClassLoader();
    }

    public String applicationName() {
        return applicationName;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                loaded = loadUnloaded(name);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    private Class<?> loadUnloaded(String name) throws ClassNotFoundException {
        if (isContainerApi(name)) {
            return containerLoader.loadClass(name);
        }
        if (name.startsWith("java.") || isPlatformClass(name)) {
            return platformLoader.loadClass(name);
        }
        try {
            return findClass(name);
        } catch (ClassNotFoundException notInApplication) {
            return platformLoader.loadClass(name);
        }
    }

    private boolean isPlatformClass(String name) {
        return platformLoader.getResource(name.replace('.', '/') + ".class") != null;
    }

    private static boolean isContainerApi(String name) {
        for (String prefix : CONTAINER_APIS) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : platformLoader.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        List<URL> all = new ArrayList<>(Collections.list(findResources(name)));
        all.addAll(Collections.list(platformLoader.getResources(name)));
        if (name.startsWith(CONTAINER_SERVICES)) {
            all.addAll(Collections.list(containerLoader.getResources(name)));
        }
        return Collections.enumeration(all);
    }

    @Override
    public String toString() {
        return getName();
    }
}
