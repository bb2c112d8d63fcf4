package dev.jacorn.sample.hello;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Sleeps for {@code ?ms=} milliseconds (default 1000) before answering: the request the
 * graceful-shutdown and timeout tests keep in flight.
 */
@WebServlet(name = "slow", urlPatterns = "/slow")
public class SlowServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long millis = parseMillis(req.getParameter("ms"));
        // Tests wait for this line to know the request is in flight.
        System.out.println("slow: sleeping " + millis + " ms");
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "interrupted");
            return;
        }
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write("slept " + millis + " ms\n");
    }

    private static long parseMillis(String value) {
        if (value == null) {
            return 1000;
        }
        try {
            return Math.max(0, Math.min(Long.parseLong(value), 600_000));
        } catch (NumberFormatException e) {
            return 1000;
        }
    }
}
