package dev.jacorn.sample.resources;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Declared only in this jar's {@code META-INF/web-fragment.xml} (no annotation), so it is mapped
 * at {@code /fragment} exactly when the container reads web fragments.
 */
public class FragmentServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write("from web-fragment\n");
    }
}
