package dev.jacorn.sample.chat;

import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.HashSet;
import java.util.Set;

/** Deploys every annotated endpoint, and {@link EchoEndpoint} at {@code /echo}. */
public class ChatConfig implements ServerApplicationConfig {

    @Override
    public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
        Set<ServerEndpointConfig> configs = new HashSet<>();
        if (scanned.contains(EchoEndpoint.class)) {
            configs.add(ServerEndpointConfig.Builder.create(EchoEndpoint.class, "/echo").build());
        }
        return configs;
    }

    @Override
    public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
        return scanned;
    }
}
