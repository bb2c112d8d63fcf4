package dev.jacorn.bench.jetty;

import java.nio.file.Path;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Embedded Jetty 12.1 (ee10) serving a WAR at the root context with Jetty's defaults
 * ({@code WebAppContext} plus annotation configuration, one {@code ServerConnector},
 * the default {@code QueuedThreadPool}).
 *
 * <p>Usage: {@code java -jar jetty-server.jar WAR PORT [HOST]}. Prints one line once the
 * connector accepts connections, then serves until the process is killed.
 */
public final class JettyServer {

    private JettyServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java -jar jetty-server.jar WAR PORT [HOST]");
            System.exit(2);
        }
        Path war = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String host = args.length > 2 ? args[2] : "127.0.0.1";

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setWar(war.toString());
        webapp.addConfiguration(new AnnotationConfiguration());
        // A WAR that fails to deploy must fail the process, not leave a server answering 503.
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);

        server.start();
        System.out.println("jetty listening on http://" + host + ":" + port);
        server.join();
    }
}
