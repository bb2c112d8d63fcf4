package dev.jacorn.sample.classic;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The error page for {@code IllegalStateException}: prints the exception type, message and the
 * URI that failed, as the container passed them in the {@code jakarta.servlet.error.*} attributes.
 */
public class ErrorServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Object type = req.getAttribute(RequestDispatcher.ERROR_EXCEPTION_TYPE);
        Object message = req.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        Object uri = req.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        out.print("error-page: " + (type instanceof Class<?> c ? c.getName() : type) + "\n");
        out.print("message: " + message + "\n");
        out.print("uri: " + uri + "\n");
    }
}
