package dev.jacorn.runner;

import dev.jacorn.runner.lifecycle.AbstractLifeCycle;
import dev.jacorn.runner.server.Listeners;
import dev.jacorn.runner.supervise.Router;

/**
 * Whether connections come in: the last component to start (once the workers are READY) and so
 * the first to stop. Start lets connections in. Stop turns readiness off, then closes the
 * listening sockets, and only then asks open connections to close after their next response: a
 * client told to close reconnects, and a connection still in the listen backlog when the socket
 * closes would be reset by the kernel.
 */
final class Intake extends AbstractLifeCycle {

    private final Listeners listeners;
    private final Router router;

    Intake(Listeners listeners, Router router) {
        this.listeners = listeners;
        this.router = router;
    }

    @Override
    protected void doStart() {
        listeners.startAccepting();
    }

    @Override
    protected void doStop() {
        router.stopReadiness();
        listeners.stopAccepting();
        router.closeConnections();
    }
}
