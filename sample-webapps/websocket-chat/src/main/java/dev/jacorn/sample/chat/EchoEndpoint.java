package dev.jacorn.sample.chat;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A programmatic endpoint (deployed by {@link ChatConfig} at {@code /echo}): answers each text with itself. */
public class EchoEndpoint extends Endpoint {

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
            try {
                session.getBasicRemote().sendText(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
