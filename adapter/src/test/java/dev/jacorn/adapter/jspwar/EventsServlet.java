package dev.jacorn.adapter.jspwar;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Deployed inside the test WAR: lists what the listeners saw, one line each, and the session timeout. */
public class EventsServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        for (String event : Events.of(getServletContext())) {
            response.getWriter().println(event);
        }
        response.getWriter().print("session timeout " + getServletContext().getSessionTimeout());
    }
}
