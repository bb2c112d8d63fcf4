package dev.jacorn.adapter;

import dev.jacorn.adapter.session.SharedSessions;
import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * How one deployment of an application runs.
 *
 * @param instanceName unique name of this instance, e.g. {@code hello#2}, used by Undertow and in logs
 * @param executor the threads that run this deployment's requests (the worker's pool)
 * @param tempDir scratch directory for multipart uploads; created if missing
 * @param webSockets limits of the WebSocket sessions, for an application that uses WebSocket
 * @param sessions the application's sessions, shared with its other deployments; null keeps
 *     sessions in this deployment alone (Undertow's in-memory manager)
 */
public record DeployOptions(String instanceName, Executor executor, Path tempDir, WebSocketLimits webSockets,
        SharedSessions sessions) {

    /** With the default WebSocket limits; sessions of its own. */
    public DeployOptions(String instanceName, Executor executor, Path tempDir) {
        this(instanceName, executor, tempDir, WebSocketLimits.DEFAULTS, null);
    }

    /** With the default WebSocket limits. */
    public DeployOptions(String instanceName, Executor executor, Path tempDir, SharedSessions sessions) {
        this(instanceName, executor, tempDir, WebSocketLimits.DEFAULTS, sessions);
    }
}
