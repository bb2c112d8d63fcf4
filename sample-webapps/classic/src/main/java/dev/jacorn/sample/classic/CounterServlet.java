package dev.jacorn.sample.classic;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/** Counts requests per HTTP session: the first request of a session answers 1, the next 2, ... */
public class CounterServlet extends HttpServlet {

    static final String ATTRIBUTE = "classic.count";

    @Override
    public void init() {
        StartupListener.noteInitialized(getServletContext(), getServletName());
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HttpSession session = req.getSession();
        int count;
        synchronized (session) {
            Integer previous = (Integer) session.getAttribute(ATTRIBUTE);
            count = previous == null ? 1 : previous + 1;
            session.setAttribute(ATTRIBUTE, count);
        }
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().print(count + "\n");
    }
}
