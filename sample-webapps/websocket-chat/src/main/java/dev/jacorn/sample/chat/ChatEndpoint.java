package dev.jacorn.sample.chat;

import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;

/**
 * A chat room: every text message is sent to everyone in the same room, prefixed with the
 * sender's name ({@code ?name=} on the URL, or the session id).
 */
@ServerEndpoint("/chat/{room}")
public class ChatEndpoint {

    @OnOpen
    public void open(Session session, @PathParam("room") String room) {
        session.getUserProperties().put("room", room);
        broadcast(session, "* " + name(session) + " joined " + room);
    }

    @OnMessage
    public void message(Session session, String text) {
        broadcast(session, name(session) + ": " + text);
    }

    @OnClose
    public void close(Session session, CloseReason reason) {
        System.out.println("chat: " + name(session) + " closed with " + reason.getCloseCode().getCode());
        broadcast(session, "* " + name(session) + " left");
    }

    private static void broadcast(Session from, String text) {
        Object room = from.getUserProperties().get("room");
        for (Session each : from.getOpenSessions()) {
            if (each.isOpen() && room.equals(each.getUserProperties().get("room"))) {
                try {
                    each.getBasicRemote().sendText(text);
                } catch (IOException | IllegalStateException gone) {
                    // That member is leaving; its own close tells the room.
                }
            }
        }
    }

    private static String name(Session session) {
        var names = session.getRequestParameterMap().get("name");
        return names == null || names.isEmpty() ? session.getId() : names.get(0);
    }
}
