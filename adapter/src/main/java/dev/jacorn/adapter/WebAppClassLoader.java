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
 * ({@code jakarta.servlet.*}, JSP included, {@code jakarta.websocket.*} and Undertow's servlet
 * SPI), which come from {@code containerLoader} so that the application and Undertow agree on
 * them. JSTL ({@code jakarta.servlet.jsp.jstl.*}) is not the container's: it comes with the
 * application, as on Tomcat. Everything else the runner carries (logback, SLF4J, picocli, Jandex,
 * the rest of Undertow) is invisible: an application that ships its own logging uses its own.
 *
 * <p>Expression Language ({@code jakarta.el.*} and Tomcat's implementation, {@code org.apache.el.*})
 * is the container's when the application has none of its own (Hibernate Validator needs one, as
 * on Tomcat). An application with JSP pages always gets the container's EL and the JSP engine's
 * runtime ({@code org.apache.jasper.*}, {@code org.apache.tomcat.InstanceManager}), which its
 * compiled pages are linked against; see {@link #ofJspEngine}.
 *
 * <p>A container class is also a resource: {@code getResource("jakarta/servlet/Servlet.class")}
 * answers the container's file, which is how the JSP compiler reads the types a page uses.
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
    /** Under {@link #CONTAINER_APIS}, but the application's: JSTL comes with the application. */
    private static final List<String> APPLICATION_APIS = List.of("jakarta.servlet.jsp.jstl.");
    /** Expression Language: the application's own if it has one, else the container's. */
    private static final List<String> EXPRESSION_LANGUAGE = List.of("jakarta.el.", "org.apache.el.");
    /** What compiled JSP pages link against, the container's for an application with JSP. */
    private static final List<String> JSP_ENGINE = List.of("org.apache.jasper.", "org.apache.tomcat.InstanceManager");

    /** Service files of those APIs: the container's providers are listed after the application's own. */
    private static final String CONTAINER_SERVICES = "META-INF/services/jakarta.websocket.";

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader containerLoader;
    private final ClassLoader platformLoader;
    private final String applicationName;
    private final boolean jspEngine;

    public WebAppClassLoader(String applicationName, URL[] urls, ClassLoader containerLoader) {
        this(applicationName, urls, containerLoader, false);
    }

    private WebAppClassLoader(String applicationName, URL[] urls, ClassLoader containerLoader, boolean jspEngine) {
        super("jacorn-webapp[" + applicationName + "]", urls, ClassLoader.getPlatformClassLoader());
        this.applicationName = applicationName;
        this.containerLoader = containerLoader;
        this.platformLoader = ClassLoader.getPlatformClassLoader();
        this.jspEngine = jspEngine;
    }

    /**
     * The loader of an application with JSP pages: Expression Language and the JSP engine's runtime
     * always come from the container, even when the application bundles an EL of its own, because
     * the pages are compiled and run against the container's.
     */
    public static WebAppClassLoader ofJspEngine(String applicationName, URL[] urls, ClassLoader containerLoader) {
        return new WebAppClassLoader(applicationName, urls, containerLoader, true);
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
            if (startsWithAny(name, EXPRESSION_LANGUAGE)) {
                return containerLoader.loadClass(name);
            }
            return platformLoader.loadClass(name);
        }
    }

    private boolean isPlatformClass(String name) {
        return platformLoader.getResource(name.replace('.', '/') + ".class") != null;
    }

    private boolean isContainerApi(String name) {
        if (startsWithAny(name, CONTAINER_APIS)) {
            return !startsWithAny(name, APPLICATION_APIS);
        }
        return jspEngine && (startsWithAny(name, EXPRESSION_LANGUAGE) || startsWithAny(name, JSP_ENGINE));
    }

    private static boolean startsWithAny(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public URL getResource(String name) {
        String className = name.endsWith(".class") ? name.substring(0, name.length() - 6).replace('/', '.') : null;
        if (className != null && isContainerApi(className)) {
            return containerLoader.getResource(name);
        }
        URL own = findResource(name);
        if (own == null && className != null && startsWithAny(className, EXPRESSION_LANGUAGE)) {
            own = containerLoader.getResource(name);
        }
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
