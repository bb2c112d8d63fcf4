package dev.jacorn.runner.server;

import io.undertow.protocols.ssl.UndertowXnioSsl;
import io.undertow.server.OpenListener;
import org.xnio.OptionMap;
import org.xnio.StreamConnection;
import org.xnio.ssl.SslConnection;

/**
 * Turns an accepted plain connection into a TLS one (server mode, with {@link Tls}'s protocols,
 * suites and client-certificate mode) and hands it to the HTTP or ALPN listener behind. Used both
 * for direct HTTPS connections and after a PROXY header was read, which comes before the TLS
 * handshake. Called on the connection's I/O thread.
 */
final class TlsOpenListener extends ForwardingOpenListener {

    private final UndertowXnioSsl ssl;
    private final Tls tls;

    TlsOpenListener(UndertowXnioSsl ssl, Tls tls, OpenListener next) {
        super(next);
        this.ssl = ssl;
        this.tls = tls;
    }

    @Override
    public void handleEvent(StreamConnection connection) {
        SslConnection secured = ssl.wrapExistingConnection(connection, OptionMap.EMPTY, false);
        tls.configure(UndertowXnioSsl.getSslEngine(secured));
        next.handleEvent(secured);
    }
}
