package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URL;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * What every application sees of the container, WebSocket or not: the WebSocket API (Faces and
 * Spring's WebSocket module link to it), the providers that API looks up, and Undertow's public
 * servlet SPI (Weld's ServletExtension), while the rest of Undertow stays hidden.
 */
class ContainerApisVisibilityTest {

    private static WebAppClassLoader loader() {
        return new WebAppClassLoader("visibility", new URL[0], ContainerApisVisibilityTest.class.getClassLoader());
    }

    @Test
    void theWebSocketApiAndUndertowsServletSpiComeFromTheContainer() throws Exception {
        try (WebAppClassLoader loader = loader()) {
            assertSame(Endpoint.class, loader.loadClass("jakarta.websocket.Endpoint"));
            assertSame(ServerEndpointConfig.class, loader.loadClass("jakarta.websocket.server.ServerEndpointConfig"));
            assertSame(ServletExtension.class, loader.loadClass("io.undertow.servlet.ServletExtension"));
            assertSame(DeploymentInfo.class, loader.loadClass("io.undertow.servlet.api.DeploymentInfo"));
            assertSame(ImmediateInstanceFactory.class, loader.loadClass("io.undertow.servlet.util.ImmediateInstanceFactory"));
        }
    }

    @Test
    void theRestOfUndertowStaysHidden() throws Exception {
        try (WebAppClassLoader loader = loader()) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.undertow.server.HttpHandler"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.undertow.servlet.core.DeploymentManagerImpl"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.undertow.websockets.jsr.ServerWebSocketContainer"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.undertow.websockets.jsr.Bootstrap"));
        }
    }

    @Test
    void theWebSocketApiFindsTheContainersProvidersThroughTheApplicationsLoader() throws Exception {
        try (WebAppClassLoader loader = loader()) {
            assertEquals("io.undertow.websockets.jsr.DefaultContainerConfigurator",
                    ServiceLoader.load(ServerEndpointConfig.Configurator.class, loader).findFirst().orElseThrow()
                            .getClass().getName());
            assertEquals("io.undertow.websockets.jsr.UndertowContainerProvider",
                    ServiceLoader.load(ContainerProvider.class, loader).findFirst().orElseThrow().getClass().getName());
            // The container's own ServletExtensions are not the application's: Undertow must not run them twice.
            assertEquals(0, ServiceLoader.load(ServletExtension.class, loader).stream().count());
        }
    }
}
