package dev.jacorn.adapter.jspwar;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Deployed inside the test WAR: forwards to, or includes, the servlet named by the {@code to} parameter. */
public class DispatchingServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        RequestDispatcher dispatcher = getServletContext().getNamedDispatcher(request.getParameter("to"));
        if (request.getServletPath().equals("/include")) {
            response.setContentType("text/plain");
            response.getWriter().print("before ");
            dispatcher.include(request, response);
        } else {
            dispatcher.forward(request, response);
        }
    }
}
