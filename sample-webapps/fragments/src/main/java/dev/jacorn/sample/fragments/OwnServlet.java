package dev.jacorn.sample.fragments;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The application's own annotated servlet, beside the one that resources-jar's web-fragment.xml
 * maps at {@code /fragment}: both must be served, since this WAR has no web.xml.
 */
@WebServlet("/own")
public class OwnServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write("from the application\n");
    }
}
