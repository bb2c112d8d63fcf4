package dev.jacorn.runner;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The runner's version, read from the properties Maven writes at build time. */
public final class Version {

    private Version() {
    }

    public static String jacorn() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }

    /** {@code jacorn 0.1.0 (Undertow 2.4.4.Final, Java 17.0.15)}. */
    public static String describe() {
        return "jacorn " + jacorn() + " (Undertow " + io.undertow.Version.getVersionString()
                + ", Jakarta Servlet 6.1, Java " + Runtime.version() + ")";
    }
}
