package dev.jacorn.bench.tomcat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.startup.Tomcat;

/**
 * Embedded Tomcat 11 serving a WAR at the root context with Tomcat's defaults
 * ({@code Tomcat.addWebapp}: default servlet, annotation and SCI scanning, NIO connector,
 * 200 max threads).
 *
 * <p>Usage: {@code java -jar tomcat-server.jar WAR PORT [HOST]}. Prints one line once the
 * connector accepts connections, then serves until the process is killed.
 */
public final class TomcatServer {

    private TomcatServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java -jar tomcat-server.jar WAR PORT [HOST]");
            System.exit(2);
        }
        Path war = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String host = args.length > 2 ? args[2] : "127.0.0.1";

        // A fresh base directory per run, so a WAR expanded by an earlier run is never reused.
        Path base = Files.createTempDirectory("bench-tomcat-");
        Files.createDirectories(base.resolve("webapps"));

        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", host);
        tomcat.addWebapp("", war.toString());
        tomcat.start();
        System.out.println("tomcat listening on http://" + host + ":" + port);
        tomcat.getServer().await();
    }
}
