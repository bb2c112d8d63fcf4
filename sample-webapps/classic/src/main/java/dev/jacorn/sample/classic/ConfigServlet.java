package dev.jacorn.sample.classic;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Prints what web.xml configured: its own init-params, the context-params, whether the listener
 * ran, and the servlets initialized so far in order (load-on-startup puts {@code config} then
 * {@code counter} there before the first request).
 */
public class ConfigServlet extends HttpServlet {

    @Override
    public void init() {
        StartupListener.noteInitialized(getServletContext(), getServletName());
        System.out.println("classic: config servlet initialized");
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        ServletContext context = getServletContext();
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        out.println("mode=" + getInitParameter("mode"));
        out.println("owner=" + getInitParameter("owner"));
        out.println("greeting=" + context.getInitParameter("greeting"));
        out.println("environment=" + context.getInitParameter("environment"));
        out.println("listener=" + context.getAttribute(StartupListener.ATTRIBUTE));
        out.println("initialized=" + String.join(",",
                (Iterable<String>) context.getAttribute(StartupListener.INITIALIZED)));
    }
}
