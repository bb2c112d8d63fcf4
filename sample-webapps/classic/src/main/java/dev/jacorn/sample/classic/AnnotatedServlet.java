package dev.jacorn.sample.classic;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Bait: web.xml is metadata-complete, so the container must NOT map this servlet and
 * {@code GET /annotated} must answer 404. A 200 "annotated: SHOULD NOT BE MAPPED" is a bug.
 */
@WebServlet("/annotated")
public class AnnotatedServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().print("annotated: SHOULD NOT BE MAPPED (metadata-complete ignored)\n");
    }
}
