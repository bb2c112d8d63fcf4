package dev.jacorn.sample.hello;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/** Reads and updates a small session attribute: {@code n=1}, {@code n=2}, ... per session (the bench's session workload). */
@WebServlet(name = "session", urlPatterns = "/session")
public class SessionServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        HttpSession session = req.getSession();
        Integer previous = (Integer) session.getAttribute("n");
        int n = previous == null ? 1 : previous + 1;
        session.setAttribute("n", n);
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write("n=" + n + "\n");
    }
}
