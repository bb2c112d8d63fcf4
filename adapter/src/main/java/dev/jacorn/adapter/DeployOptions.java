package dev.jacorn.adapter;

import java.nio.file.Path;
import java.util.concurrent.Executor;

/**
 * How one deployment of an application runs.
 *
 * @param instanceName unique name of this instance, e.g. {@code hello#2}, used by Undertow and in logs
 * @param executor the threads that run this deployment's requests (the worker's pool)
 * @param tempDir scratch directory for multipart uploads; created if missing
 * @param webSockets limits of the WebSocket sessions, for an application that uses WebSocket
 */
public record DeployOptions(String instanceName, Executor executor, Path tempDir, WebSocketLimits webSockets) {

    /** With the default WebSocket limits. */
    public DeployOptions(String instanceName, Executor executor, Path tempDir) {
        this(instanceName, executor, tempDir, WebSocketLimits.DEFAULTS);
    }
}
