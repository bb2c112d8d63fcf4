package dev.jacorn.bench.tomcat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * Embedded Tomcat 11 serving a WAR at the root context with Tomcat's defaults
 * ({@code Tomcat.addWebapp}: default servlet, annotation and SCI scanning, NIO connector,
 * 200 max threads).
 *
 * <p>Jasper (JSP) and Tomcat's WebSocket implementation are on the class path, as in a standard
 * Tomcat, so the JSP and WebSocket workloads run too.
 *
 * <p>Usage: {@code java -jar tomcat-server.jar WAR PORT [HOST [TLS_PORT KEYSTORE_P12 PASSWORD]]};
 * with the last three, an HTTPS connector too (JSSE, Tomcat's default). Prints one line once the
 * connector accepts connections, then serves until the process is killed.
 *
 * <p>With {@code -Dbench.http2=true} (bench/h2.sh), both connectors also speak HTTP/2 with
 * Tomcat's defaults: {@code Http2Protocol} as their upgrade protocol gives h2c (by prior knowledge
 * or upgrade) on the cleartext port and h2 by ALPN on the TLS port. Without it the connectors are
 * HTTP/1.1 only, as the HTTP/1.1 workloads of bench/run.py measure them.
 */
public final class TomcatServer {

    private TomcatServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java -jar tomcat-server.jar WAR PORT [HOST [TLS_PORT KEYSTORE_P12 PASSWORD]]");
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
        boolean http2 = Boolean.getBoolean("bench.http2");
        tomcat.getConnector().setProperty("address", host);
        if (http2) {
            tomcat.getConnector().addUpgradeProtocol(new Http2Protocol());
        }
        if (args.length >= 6) {
            Connector https = https(host, Integer.parseInt(args[3]), args[4], args[5]);
            if (http2) {
                https.addUpgradeProtocol(new Http2Protocol());
            }
            tomcat.getService().addConnector(https);
        }
        tomcat.addWebapp("", war.toString());
        tomcat.start();
        System.out.println("tomcat listening on http://" + host + ":" + port + (http2 ? " (HTTP/2 on)" : ""));
        tomcat.getServer().await();
    }

    private static Connector https(String host, int port, String keystore, String password) {
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(port);
        connector.setProperty("address", host);
        connector.setScheme("https");
        connector.setSecure(true);
        connector.setProperty("SSLEnabled", "true");
        SSLHostConfig ssl = new SSLHostConfig();
        SSLHostConfigCertificate certificate =
                new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystoreFile(keystore);
        certificate.setCertificateKeystorePassword(password);
        certificate.setCertificateKeystoreType("PKCS12");
        ssl.addCertificate(certificate);
        connector.addSslHostConfig(ssl);
        return connector;
    }
}
