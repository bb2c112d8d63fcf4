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
        out.print("mode=" + getInitParameter("mode") + "\n");
        out.print("owner=" + getInitParameter("owner") + "\n");
        out.print("greeting=" + context.getInitParameter("greeting") + "\n");
        out.print("environment=" + context.getInitParameter("environment") + "\n");
        out.print("listener=" + context.getAttribute(StartupListener.ATTRIBUTE) + "\n");
        out.print("initialized=" + String.join(",",
                (Iterable<String>) context.getAttribute(StartupListener.INITIALIZED)) + "\n");
    }
}
