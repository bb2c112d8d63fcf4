package dev.jacorn.runner.server;

import dev.jacorn.runner.exit.ExitCode;
import dev.jacorn.runner.exit.JacornException;
import dev.jacorn.runner.config.AddressRange;
import dev.jacorn.runner.config.BindAddress;
import dev.jacorn.runner.config.Config;
import dev.jacorn.runner.config.ServerSettings;
import dev.jacorn.runner.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What the listeners need from the resolved settings, checked and with the TLS material loaded:
 * built once at start-up, before any worker boots, so that a bad certificate is an immediate
 * exit 2.
 *
 * @param tls {@code null} when no {@code --certfile}/{@code --keyfile} was given
 * @param onVirtualThreads whether requests start out on virtual threads ({@code --worker-class virtual})
 */
public record ListenerOptions(List<BindAddress> binds, Tls tls, boolean http2, List<AddressRange> forwardedAllowIps,
                              boolean proxyProtocol, List<AddressRange> proxyAllowIps, RequestLimits limits,
                              long keepaliveMillis, long headerTimeoutMillis, int backlog, int maxConnections,
                              boolean compress, boolean onVirtualThreads) {

    public static ListenerOptions from(Config config) {
        List<BindAddress> binds = config.get(ServerSettings.BIND);
        Tls tls = tls(config, binds);
        RequestLimits limits = new RequestLimits(config.get(ServerSettings.LIMIT_REQUEST_LINE),
                config.get(ServerSettings.LIMIT_REQUEST_FIELDS), config.get(ServerSettings.LIMIT_REQUEST_FIELD_SIZE),
                config.get(ServerSettings.LIMIT_REQUEST_BODY));
        return new ListenerOptions(binds, tls, config.get(ServerSettings.HTTP2),
                config.get(ServerSettings.FORWARDED_ALLOW_IPS), config.get(ServerSettings.PROXY_PROTOCOL),
                config.get(ServerSettings.PROXY_ALLOW_IPS), limits, millis(config.get(ServerSettings.KEEPALIVE)),
                millis(config.get(ServerSettings.HEADER_TIMEOUT)), config.get(ServerSettings.BACKLOG),
                config.get(ServerSettings.MAX_CONNECTIONS), config.get(ServerSettings.COMPRESS),
                "virtual".equals(config.get(Settings.WORKER_CLASS)));
    }

    private static Tls tls(Config config, List<BindAddress> binds) {
        Path certfile = config.get(ServerSettings.CERTFILE);
        Path keyfile = config.get(ServerSettings.KEYFILE);
        if ((certfile == null) != (keyfile == null)) {
            String given = certfile != null ? "--certfile" : "--keyfile";
            String missing = certfile != null ? "--keyfile" : "--certfile";
            throw new JacornException(ExitCode.USAGE, given + " was given without " + missing
                    + "; HTTPS needs both the certificate chain and its private key.", null);
        }
        if (certfile == null) {
            for (BindAddress bind : binds) {
                if ("https".equals(bind.scheme())) {
                    throw new JacornException(ExitCode.USAGE, "--bind " + bind + " asks for HTTPS but no"
                            + " certificate was given; add --certfile and --keyfile, or bind http://.", null);
                }
            }
            return null;
        }
        String mode = config.get(ServerSettings.CERT_REQS).toUpperCase(Locale.ROOT);
        return Tls.create(certfile, keyfile, config.get(ServerSettings.CA_CERTS), Tls.ClientAuth.valueOf(mode),
                config.get(ServerSettings.SSL_PROTOCOLS), config.get(ServerSettings.CIPHERS));
    }

    /** The scheme a bind serves: as written, else HTTPS when a certificate was given. */
    public String schemeOf(BindAddress bind) {
        if (bind.scheme() != null) {
            return bind.scheme();
        }
        return tls != null ? "https" : "http";
    }

    private static long millis(double seconds) {
        return Math.round(seconds * 1000);
    }
}
