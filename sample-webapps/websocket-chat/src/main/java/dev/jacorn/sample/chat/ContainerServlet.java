package dev.jacorn.sample.chat;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;

/** Reports the WebSocket container the servlet context carries, and its limits. */
@WebServlet("/container")
public class ContainerServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object attribute = getServletContext().getAttribute(ServerContainer.class.getName());
        response.setContentType("text/plain");
        if (!(attribute instanceof ServerContainer container)) {
            response.getWriter().println("no ServerContainer: " + attribute);
            return;
        }
        response.getWriter().println("maxText=" + container.getDefaultMaxTextMessageBufferSize()
                + " maxBinary=" + container.getDefaultMaxBinaryMessageBufferSize()
                + " idleMillis=" + container.getDefaultMaxSessionIdleTimeout());
    }
}
