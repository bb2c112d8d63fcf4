package dev.jacorn.sample.chat;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Sleeps {@code ?ms=} milliseconds: a request the watchdog times out while WebSocket sessions stay open. */
@WebServlet("/slow")
public class SlowServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long millis = Long.parseLong(request.getParameter("ms"));
        System.out.println("chat: slow request sleeping " + millis + " ms");
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        response.getWriter().println("slept " + millis + " ms");
    }
}
