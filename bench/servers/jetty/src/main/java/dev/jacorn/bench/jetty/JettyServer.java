package dev.jacorn.bench.jetty;

import java.nio.file.Path;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Embedded Jetty 12.1 (ee10) serving a WAR at the root context with Jetty's defaults
 * ({@code WebAppContext} plus annotation configuration, one {@code ServerConnector},
 * the default {@code QueuedThreadPool}).
 *
 * <p>Jetty's Jakarta WebSocket server and its JSP engine (jetty-ee10-apache-jsp: Apache Jasper,
 * started by its {@code ServletContainerInitializer}, served by the {@code jsp} servlet that Jetty's
 * webdefault-ee10.xml declares) are on the class path, as Jetty's ee10-websocket-jakarta and
 * ee10-jsp modules put them there, so the WebSocket and JSP workloads run too.
 *
 * <p>Usage: {@code java -jar jetty-server.jar WAR PORT [HOST [TLS_PORT KEYSTORE_P12 PASSWORD]]};
 * with the last three, an HTTPS connector too. Prints one line once the
 * connector accepts connections, then serves until the process is killed.
 *
 * <p>With {@code -Dbench.http2=true} (bench/h2.sh), the connectors also speak HTTP/2 with Jetty's
 * defaults: {@code HTTP2CServerConnectionFactory} after HTTP/1.1 on the cleartext port (h2c by prior
 * knowledge or upgrade), and ALPN (JSSE, jetty-alpn-java-server) choosing h2 or http/1.1 on the TLS
 * port. Without it the connectors are HTTP/1.1 only, as the HTTP/1.1 workloads of bench/run.py
 * measure them.
 */
public final class JettyServer {

    private JettyServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java -jar jetty-server.jar WAR PORT [HOST [TLS_PORT KEYSTORE_P12 PASSWORD]]");
            System.exit(2);
        }
        Path war = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String host = args.length > 2 ? args[2] : "127.0.0.1";

        boolean http2 = Boolean.getBoolean("bench.http2");
        Server server = new Server();
        ServerConnector connector;
        if (http2) {
            HttpConfiguration config = new HttpConfiguration();
            connector = new ServerConnector(server,
                    new HttpConnectionFactory(config), new HTTP2CServerConnectionFactory(config));
        } else {
            connector = new ServerConnector(server);
        }
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        if (args.length >= 6) {
            server.addConnector(https(server, host, Integer.parseInt(args[3]), args[4], args[5], http2));
        }

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(war.toString());
        webapp.addConfiguration(new AnnotationConfiguration());
        // A WAR that fails to deploy must fail the process, not leave a server answering 503.
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);

        server.start();
        System.out.println("jetty listening on http://" + host + ":" + port + (http2 ? " (HTTP/2 on)" : ""));
        server.join();
    }

    private static ServerConnector https(Server server, String host, int port, String keystore, String password,
            boolean http2) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keystore);
        ssl.setKeyStorePassword(password);
        ssl.setKeyStoreType("PKCS12");
        HttpConfiguration config = new HttpConfiguration();
        // The benchmark connects to 127.0.0.1 with a certificate for localhost: no SNI host check.
        config.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector;
        if (http2) {
            ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
            alpn.setDefaultProtocol("http/1.1");
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn,
                    new HTTP2ServerConnectionFactory(config), new HttpConnectionFactory(config));
        } else {
            connector = new ServerConnector(server,
                    new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(config));
        }
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }
}
