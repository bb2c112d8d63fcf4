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
 *
 * <p>A member joins its room in {@code @OnOpen}, which the container runs after the handshake's
 * response has gone out: a client whose handshake completed may not be in the room yet. The
 * {@code * NAME joined ROOM} notice it receives itself tells it that it is. {@code ?openDelayMs=}
 * makes {@code @OnOpen} wait that long first (as one that loads the member from a database would),
 * which makes that window wide.
 */
@ServerEndpoint("/chat/{room}")
public class ChatEndpoint {

    @OnOpen
    public void open(Session session, @PathParam("room") String room) throws InterruptedException {
        var delay = session.getRequestParameterMap().get("openDelayMs");
        if (delay != null && !delay.isEmpty()) {
            Thread.sleep(Long.parseLong(delay.get(0)));
        }
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
