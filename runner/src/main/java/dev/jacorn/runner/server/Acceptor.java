package dev.jacorn.runner.server;

import dev.jacorn.runner.config.AddressRange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.ChannelListener;
import org.xnio.StreamConnection;
import org.xnio.channels.AcceptingChannel;

/**
 * Accepts connections on one listening socket and hands each to the right protocol listener:
 * with {@code --proxy-protocol}, a peer in {@code --proxy-allow-ips} goes through the PROXY
 * header reader first (a connection from it without a valid header is closed); any other peer is
 * served directly, so a PROXY line it sends is just a malformed request (400).
 *
 * <p>Called on an I/O thread for each accept event.
 */
final class Acceptor implements ChannelListener<AcceptingChannel<StreamConnection>> {

    private static final Logger LOG = LoggerFactory.getLogger(Acceptor.class);

    private final ChannelListener<StreamConnection> direct;
    private final ChannelListener<StreamConnection> proxied;
    private final List<AddressRange> proxyAllowIps;

    /** @param proxied the PROXY header reader, or {@code null} when {@code --proxy-protocol} is off */
    Acceptor(ChannelListener<StreamConnection> direct, ChannelListener<StreamConnection> proxied,
             List<AddressRange> proxyAllowIps) {
        this.direct = direct;
        this.proxied = proxied;
        this.proxyAllowIps = List.copyOf(proxyAllowIps);
    }

    @Override
    public void handleEvent(AcceptingChannel<StreamConnection> channel) {
        StreamConnection connection;
        try {
            connection = channel.accept();
        } catch (IOException e) {
            // Typically EMFILE under a file-descriptor limit; the connection stays in the backlog.
            LOG.warn("Accepting a connection on {} failed: {}", channel.getLocalAddress(), e.toString());
            return;
        }
        if (connection == null) {
            return;
        }
        if (proxied != null && isProxy(connection.getPeerAddress(InetSocketAddress.class))) {
            proxied.handleEvent(connection);
        } else {
            direct.handleEvent(connection);
        }
    }

    private boolean isProxy(InetSocketAddress peer) {
        if (peer == null || peer.getAddress() == null) {
            return false;
        }
        for (AddressRange range : proxyAllowIps) {
            if (range.contains(peer.getAddress())) {
                return true;
            }
        }
        return false;
    }
}
