package dev.jacorn.runner.config;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Hints for an unknown option: what a flag of Gunicorn, webapp-runner or Spring Boot is called
 * here (or why there is none), else the closest known option to a mistyped one.
 */
public final class Suggestions {

    private static final String SWITCH_USER = "Jacorn does not switch user or group; start it as the user it"
            + " should run as (User= in systemd, USER in a Dockerfile)";
    private static final String NO_DAEMON = "Jacorn does not daemonize; run it under systemd, a container or another"
            + " supervisor (see deploy/), which restarts it and collects its logs";
    private static final String PORT = "Jacorn listens where --bind says: --bind :PORT for every interface (or the PORT"
            + " variable)";

    /** Other servers' flags (as typed, before any '=') and what to use here. */
    private static final Map<String, String> PEER_FLAGS = Map.ofEntries(
            Map.entry("-p", "Gunicorn's -p (pid file) is --pid FILE here"),
            Map.entry("-k", "Gunicorn's -k (worker class) is --worker-class thread or virtual here; there are no"
                    + " gevent or eventlet workers"),
            Map.entry("-D", NO_DAEMON),
            Map.entry("--daemon", NO_DAEMON),
            Map.entry("-e", "Jacorn has no -e; set variables in its environment (env NAME=VALUE java -jar ...), or"
                    + " system properties with java -Dname=value"),
            Map.entry("--env", "Jacorn has no --env; set variables in its environment (env NAME=VALUE java -jar ...),"
                    + " or system properties with java -Dname=value"),
            Map.entry("-u", SWITCH_USER),
            Map.entry("--user", SWITCH_USER),
            Map.entry("-g", SWITCH_USER),
            Map.entry("--group", SWITCH_USER),
            Map.entry("--port", PORT),
            Map.entry("-P", PORT),
            Map.entry("--server.port", "Spring Boot's server.port is not read by Jacorn; " + PORT),
            Map.entry("--path", "webapp-runner's --path is written after the APP here: app.war:/PATH"),
            Map.entry("--chdir", "Jacorn has no --chdir; start it in the directory it should use (WorkingDirectory= in"
                    + " systemd)"),
            Map.entry("--log-file", "Gunicorn's --log-file is --error-logfile here"),
            Map.entry("--ssl-version", "Gunicorn's --ssl-version is --ssl-protocols here"),
            Map.entry("--worker-connections", "Jacorn's workers run requests on --threads (or virtual threads);"
                    + " connections are capped by --max-connections"),
            Map.entry("--preload", "Jacorn always loads the application once before the workers boot; there is"
                    + " nothing to turn on"),
            Map.entry("--expand-war-file", "packed WARs are always unpacked, into --work-dir"),
            Map.entry("--enable-basic-auth", "protect resources with security constraints in web.xml and give the users"
                    + " with --users FILE"));

    private Suggestions() {
    }

    /** What another server's {@code option} is called here, or why Jacorn has none, if it is a known habit. */
    public static Optional<String> peerHint(String option) {
        String hint = PEER_FLAGS.get(option);
        if (hint == null && option.startsWith("--server.")) {
            hint = "Spring Boot properties are not read by Jacorn; see java -jar runner.jar --help for its settings";
        }
        return Optional.ofNullable(hint);
    }

    /** The known name within two edits of {@code typed}, the closest first, if any. */
    public static Optional<String> closest(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : known) {
            int distance = distance(typed, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Edit distance counting insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
