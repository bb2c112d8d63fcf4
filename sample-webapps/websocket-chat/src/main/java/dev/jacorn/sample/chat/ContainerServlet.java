package dev.jacorn.sample.chat;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;

/**
 * Reports the WebSocket container the servlet context carries, its limits, and the specification
 * versions the container's API packages declare.
 */
@WebServlet("/container")
public class ContainerServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object attribute = getServletContext().getAttribute(ServerContainer.class.getName());
        response.setContentType("text/plain");
        response.getWriter().println("servlet=" + HttpServlet.class.getPackage().getSpecificationVersion()
                + " websocket=" + ServerContainer.class.getPackage().getSpecificationVersion());
        if (!(attribute instanceof ServerContainer container)) {
            response.getWriter().println("no ServerContainer: " + attribute);
            return;
        }
        response.getWriter().println("maxText=" + container.getDefaultMaxTextMessageBufferSize()
                + " maxBinary=" + container.getDefaultMaxBinaryMessageBufferSize()
                + " idleMillis=" + container.getDefaultMaxSessionIdleTimeout());
    }
}
