package dev.jacorn.runner.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Settings of the "Server socket" section: listeners, TLS, HTTP/2, proxies and limits. Registered in {@link Settings#ALL}. */
public final class ServerSettings {

    private ServerSettings() {
    }

    public static final Setting<List<BindAddress>> BIND = Setting.list("bind", BindAddress::parse)
            .shortName("-b").section(Section.SERVER).metavar("ADDRESS")
            .defaultValue(List.of(new BindAddress(null, "127.0.0.1", 8000)))
            .help("Address to listen on: HOST:PORT, :PORT, [IPv6]:PORT, PORT or HOST (port 8000), optionally"
                    + " prefixed by http:// or https://; repeat for several. Port 0 picks a free port.")
            .build();

    public static final Setting<Path> CERTFILE = Setting.single("certfile", Parsers::path)
            .section(Section.SERVER).metavar("FILE")
            .help("PEM certificate chain (server certificate first); with --keyfile, every bind without http://"
                    + " serves HTTPS.")
            .build();

    public static final Setting<Path> KEYFILE = Setting.single("keyfile", Parsers::path)
            .section(Section.SERVER).metavar("FILE")
            .help("PEM private key of the certificate: PKCS#8, PKCS#1 RSA or EC, not encrypted.")
            .build();

    public static final Setting<Path> CA_CERTS = Setting.single("ca-certs", Parsers::path)
            .section(Section.SERVER).metavar("FILE")
            .help("PEM certificates of the CAs whose client certificates are accepted (see --cert-reqs).")
            .build();

    public static final Setting<String> CERT_REQS = Setting.single("cert-reqs", Parsers.choice("none", "optional", "required"))
            .section(Section.SERVER).metavar("MODE").defaultValue("none")
            .help("Client certificates: none (not asked for), optional (asked, checked if sent) or required.")
            .build();

    public static final Setting<List<String>> SSL_PROTOCOLS = Setting.list("ssl-protocols", ServerSettings::tlsProtocol)
            .section(Section.SERVER).metavar("LIST").defaultValue(List.of("TLSv1.2", "TLSv1.3"))
            .help("TLS versions to accept: TLSv1.2, TLSv1.3 or both.")
            .build();

    public static final Setting<List<String>> CIPHERS = Setting.list("ciphers", ServerSettings::cipherName)
            .section(Section.SERVER).metavar("LIST").defaultValue(List.of())
            .help("TLS cipher suites, by IANA name (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ...), to narrow the"
                    + " default of AEAD suites with forward secrecy; other suites are refused.")
            .build();

    public static final Setting<Boolean> HTTP2 = Setting.flag("http2")
            .section(Section.SERVER).defaultValue(true)
            .help("Speak HTTP/2: h2 over TLS (ALPN), and h2c by prior knowledge on plain HTTP (see --h2c-upgrade).")
            .build();

    public static final Setting<List<AddressRange>> FORWARDED_ALLOW_IPS = Setting.list("forwarded-allow-ips", AddressRange::parse)
            .section(Section.SERVER).metavar("LIST")
            .defaultValue(List.of(AddressRange.parse("127.0.0.1"), AddressRange.parse("::1")))
            .help("Peers (IPs, CIDRs, or *) whose forwarding headers (see --forwarded-headers) are believed.")
            .build();

    public static final Setting<String> FORWARDED_HEADERS = Setting.single("forwarded-headers",
                    Parsers.choice("x-forwarded", "forwarded"))
            .section(Section.SERVER).metavar("FAMILY").defaultValue("x-forwarded")
            .help("Which headers of a --forwarded-allow-ips peer are believed: x-forwarded (X-Forwarded-For/-Proto/"
                    + "-Host/-Port, what nginx sends) or forwarded (RFC 7239); the other family is ignored.")
            .build();

    public static final Setting<Boolean> PROXY_PROTOCOL = Setting.flag("proxy-protocol")
            .section(Section.SERVER).defaultValue(false)
            .help("Read a PROXY protocol header (v1 or v2) at the start of connections from --proxy-allow-ips.")
            .build();

    public static final Setting<List<AddressRange>> PROXY_ALLOW_IPS = Setting.list("proxy-allow-ips", AddressRange::parse)
            .section(Section.SERVER).metavar("LIST")
            .defaultValue(List.of(AddressRange.parse("127.0.0.1"), AddressRange.parse("::1")))
            .help("Peers (IPs, CIDRs, or *) that must send a PROXY header when --proxy-protocol is on.")
            .build();

    public static final Setting<Integer> LIMIT_REQUEST_LINE = Setting.single("limit-request-line", Parsers.integer(16, 1_048_576))
            .section(Section.SERVER).metavar("BYTES").defaultValue(4094)
            .help("Longest request line (method, target, version); longer gets 414.")
            .build();

    public static final Setting<Integer> LIMIT_REQUEST_FIELDS = Setting.single("limit-request-fields", Parsers.integer(1, 32_768))
            .section(Section.SERVER).metavar("N").defaultValue(100)
            .help("Most header fields in a request; more gets 431.")
            .build();

    public static final Setting<Integer> LIMIT_REQUEST_FIELD_SIZE = Setting.single("limit-request-field-size", Parsers.integer(16, 1_048_576))
            .section(Section.SERVER).metavar("BYTES").defaultValue(8190)
            .help("Longest header field (name: value); longer gets 431.")
            .build();

    public static final Setting<Long> LIMIT_REQUEST_BODY = Setting.single("limit-request-body", ServerSettings::bytes)
            .section(Section.SERVER).metavar("SIZE")
            .defaultValue(() -> 100L * 1024 * 1024, "100m")
            .help("Largest request body, in bytes or with k, m, g (1024-based); larger gets 413; 0 = no limit.")
            .build();

    public static final Setting<Double> KEEPALIVE = Setting.single("keepalive", ServerSettings::positiveSeconds)
            .section(Section.SERVER).metavar("SECONDS").defaultValue(75.0)
            .help("How long an idle keep-alive connection stays open; longer than the 60 s idle timeout of"
                    + " common load balancers.")
            .build();

    public static final Setting<Double> HEADER_TIMEOUT = Setting.single("header-timeout", ServerSettings::positiveSeconds)
            .section(Section.SERVER).metavar("SECONDS").defaultValue(20.0)
            .help("Longest time a client may take to send a request's line and headers; slower ones are"
                    + " disconnected.")
            .build();

    public static final Setting<Integer> BACKLOG = Setting.single("backlog", Parsers.integer(1, 65_535))
            .section(Section.SERVER).metavar("N").defaultValue(2048)
            .help("Connections the kernel queues before they are accepted.")
            .build();

    public static final Setting<Integer> MAX_CONNECTIONS = Setting.single("max-connections", Parsers.integer(1, 1_000_000))
            .section(Section.SERVER).metavar("N").defaultValue(10_000)
            .help("Most open connections per listener; further ones wait in the backlog.")
            .build();

    public static final Setting<Boolean> COMPRESS = Setting.flag("compress")
            .section(Section.SERVER).defaultValue(false)
            .help("Gzip text responses (text/*, JSON, JavaScript, XML, SVG) of 1 KiB or more for clients that"
                    + " accept gzip.")
            .build();

    static final List<Setting<?>> ALL = List.of(BIND, CERTFILE, KEYFILE, CA_CERTS, CERT_REQS, SSL_PROTOCOLS, CIPHERS,
            HTTP2, FORWARDED_ALLOW_IPS, FORWARDED_HEADERS, PROXY_PROTOCOL, PROXY_ALLOW_IPS, LIMIT_REQUEST_LINE, LIMIT_REQUEST_FIELDS,
            LIMIT_REQUEST_FIELD_SIZE, LIMIT_REQUEST_BODY, KEEPALIVE, HEADER_TIMEOUT, BACKLOG, MAX_CONNECTIONS, COMPRESS);

    private static String tlsProtocol(String raw) {
        for (String known : List.of("TLSv1.2", "TLSv1.3")) {
            if (known.equalsIgnoreCase(raw)) {
                return known;
            }
        }
        throw new IllegalArgumentException("it must be TLSv1.2, TLSv1.3 or both, comma-separated (older versions"
                + " are not offered)");
    }

    private static String cipherName(String raw) {
        if (!raw.matches("TLS_[A-Z0-9_]+")) {
            throw new IllegalArgumentException("cipher suites are given by IANA name, such as"
                    + " TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 or TLS_AES_128_GCM_SHA256");
        }
        String weakness = cipherWeakness(raw);
        if (weakness != null) {
            throw new IllegalArgumentException(raw + " " + weakness + "; only AEAD suites with forward secrecy are"
                    + " allowed, such as TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 or TLS_AES_128_GCM_SHA256");
        }
        return raw;
    }

    /**
     * Why a suite is refused, or {@code null}: TLS 1.3 suites (no "_WITH_") are all AEAD with an
     * ephemeral key exchange (the {@code _SCSV} values are not suites at all); a TLS 1.2 suite needs ECDHE or DHE with a certificate-signed key
     * (not anon, static RSA/ECDH or PSK) and an AEAD cipher (GCM, CCM or ChaCha20-Poly1305).
     */
    static String cipherWeakness(String suite) {
        int with = suite.indexOf("_WITH_");
        if (with < 0) {
            // TLS 1.3 names; a name the JDK does not know is refused later, as unsupported.
            return suite.endsWith("_SCSV") ? "is a signalling value, not a cipher suite" : null;
        }
        String exchange = suite.substring("TLS_".length(), with);
        String cipher = suite.substring(with + "_WITH_".length());
        if (!exchange.matches("(ECDHE|DHE)_(ECDSA|RSA|DSS)")) {
            return "has no forward secrecy (key exchange " + exchange + ")";
        }
        if (!cipher.matches(".*(_GCM_|_CCM|CHACHA20_POLY1305).*")) {
            return "is not an AEAD suite (cipher " + cipher + ")";
        }
        return null;
    }

    private static double positiveSeconds(String raw) {
        double value = Parsers.seconds(raw);
        if (value == 0) {
            throw new IllegalArgumentException("it must be a number of seconds greater than 0");
        }
        return value;
    }

    /** {@code 1048576}, {@code 512k}, {@code 100m}, {@code 2g}; 1024-based. */
    static long bytes(String raw) {
        String text = raw.toLowerCase(Locale.ROOT);
        long unit = 1;
        if (text.endsWith("k") || text.endsWith("m") || text.endsWith("g")) {
            unit = switch (text.charAt(text.length() - 1)) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                default -> 1024L * 1024 * 1024;
            };
            text = text.substring(0, text.length() - 1);
        }
        try {
            long value = Long.parseLong(text);
            if (value >= 0 && value <= Long.MAX_VALUE / unit) {
                return value * unit;
            }
        } catch (NumberFormatException e) {
            // one message below
        }
        throw new IllegalArgumentException("it must be a number of bytes, optionally followed by k, m or g"
                + " (for example 100m), or 0 for no limit");
    }
}
