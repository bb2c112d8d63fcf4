package dev.jacorn.sample.leaky;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers "leaky" on every path (it is the default servlet, {@code /}), and leaves an application object in a ThreadLocal of the
 * request thread that served it, never removed: the second leak this sample makes on purpose.
 */
@WebServlet("/")
public class LeakyServlet extends HttpServlet {

    private static final ThreadLocal<LeakedValue> LEAK = new ThreadLocal<>();

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (LEAK.get() == null) {
            LEAK.set(new LeakedValue(Thread.currentThread().getName()));
        }
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write("leaky\n");
    }

    /** An application class, so the ThreadLocal entry refers to the application's loader. */
    record LeakedValue(String threadName) {
    }
}
