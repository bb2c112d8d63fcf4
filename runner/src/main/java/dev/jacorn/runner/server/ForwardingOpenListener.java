package dev.jacorn.runner.server;

import io.undertow.connector.ByteBufferPool;
import io.undertow.server.ConnectorStatistics;
import io.undertow.server.HttpHandler;
import io.undertow.server.OpenListener;
import org.xnio.OptionMap;

/**
 * An open listener that does something with each connection and then hands it to the listener
 * behind it, which holds the handler, the options, the buffers and the connections: every method
 * but {@code handleEvent} is forwarded to that one.
 */
abstract class ForwardingOpenListener implements OpenListener {

    /** The listener the connections are handed to. */
    protected final OpenListener next;

    ForwardingOpenListener(OpenListener next) {
        this.next = next;
    }

    @Override
    public HttpHandler getRootHandler() {
        return next.getRootHandler();
    }

    @Override
    public void setRootHandler(HttpHandler rootHandler) {
        next.setRootHandler(rootHandler);
    }

    @Override
    public OptionMap getUndertowOptions() {
        return next.getUndertowOptions();
    }

    @Override
    public void setUndertowOptions(OptionMap undertowOptions) {
        next.setUndertowOptions(undertowOptions);
    }

    @Override
    public ByteBufferPool getBufferPool() {
        return next.getBufferPool();
    }

    @Override
    public ConnectorStatistics getConnectorStatistics() {
        return next.getConnectorStatistics();
    }

    @Override
    public void closeConnections() {
        next.closeConnections();
    }
}
