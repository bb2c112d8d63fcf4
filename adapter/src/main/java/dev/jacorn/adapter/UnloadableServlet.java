package dev.jacorn.adapter;

import jakarta.servlet.GenericServlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * Stands in for a declared servlet whose class cannot be loaded, so that one bad declaration does
 * not take the whole application down (Tomcat loads servlet classes lazily and behaves the same):
 * its initialization fails with the reason, so every request mapped to it is answered 500 and the
 * reason is logged, while the application's other servlets serve.
 */
final class UnloadableServlet extends GenericServlet {

    private static final long serialVersionUID = 1L;

    private final String reason;

    UnloadableServlet(String reason) {
        this.reason = reason;
    }

    @Override
    public void init() throws ServletException {
        throw new ServletException(reason);
    }

    @Override
    public void service(ServletRequest request, ServletResponse response) throws ServletException {
        throw new ServletException(reason);
    }
}
