package dev.jacorn.bench.undertow;

import io.undertow.Undertow;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EventListener;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The benchmark floor: the hello WAR's servlets registered by hand on bare embedded Undertow with
 * Undertow's defaults (I/O threads, worker threads, buffers). No descriptor parsing, no
 * annotation scanning, no router: what is left is the engine itself.
 *
 * <p>Usage: {@code java -jar undertow-server.jar HELLO_WAR_OR_DIR PORT [HOST [TLS_PORT KEYSTORE_P12
 * PASSWORD]]}; with the last three, an HTTPS listener too (the https workload). Prints one line
 * once the listener accepts connections, then serves until the process is killed.
 */
public final class BareUndertowServer {

    private static final String HELLO = "dev.jacorn.sample.hello.HelloServlet";
    private static final String ECHO = "dev.jacorn.sample.hello.EchoServlet";
    private static final String LIFECYCLE = "dev.jacorn.sample.hello.LifecycleLogger";

    private BareUndertowServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java -jar undertow-server.jar HELLO_WAR_OR_DIR PORT [HOST [TLS_PORT KEYSTORE_P12 PASSWORD]]");
            System.exit(2);
        }
        Path root = explode(Path.of(args[0]));
        int port = Integer.parseInt(args[1]);
        String host = args.length > 2 ? args[2] : "127.0.0.1";

        ClassLoader webapp = new URLClassLoader(webappUrls(root), BareUndertowServer.class.getClassLoader());
        DeploymentInfo info = Servlets.deployment()
                .setClassLoader(webapp)
                .setContextPath("/")
                .setDeploymentName("hello.war")
                .setResourceManager(new PathResourceManager(root))
                .addListener(Servlets.listener(webapp.loadClass(LIFECYCLE).asSubclass(EventListener.class)))
                .addServlets(
                        Servlets.servlet("hello", servlet(webapp, HELLO)).addMappings("", "/hello"),
                        Servlets.servlet("echo", servlet(webapp, ECHO)).addMapping("/echo"));
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(info);
        manager.deploy();

        Undertow.Builder builder = Undertow.builder()
                .addHttpListener(port, host)
                .setHandler(manager.start());
        if (args.length >= 6) {
            builder.addHttpsListener(Integer.parseInt(args[3]), host, Tls.context(Path.of(args[4]), args[5]));
        }
        builder.build().start();
        System.out.println("bare-undertow listening on http://" + host + ":" + port);
    }

    private static Class<? extends Servlet> servlet(ClassLoader loader, String name) throws ClassNotFoundException {
        return loader.loadClass(name).asSubclass(Servlet.class);
    }

    /** WEB-INF/classes, then every jar in WEB-INF/lib. */
    private static URL[] webappUrls(Path root) throws IOException {
        List<URL> urls = new ArrayList<>();
        urls.add(root.resolve("WEB-INF/classes").toUri().toURL());
        Path lib = root.resolve("WEB-INF/lib");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    urls.add(jar.toUri().toURL());
                }
            }
        }
        return urls.toArray(URL[]::new);
    }

    /** A directory is used as it is; a WAR file is unpacked into a fresh temporary directory. */
    static Path explode(Path war) throws IOException {
        if (Files.isDirectory(war)) {
            return war.toAbsolutePath();
        }
        Path dir = Files.createTempDirectory("bench-undertow-");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(war))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = dir.resolve(entry.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("WAR entry escapes its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copy(zip, target);
                }
            }
        }
        return dir;
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target);
    }
}
