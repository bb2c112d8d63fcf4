package dev.jacorn.sample.formlogin;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Logs in with {@code HttpServletRequest.login(user, password)}, the programmatic way, against the
 * same users as the FORM login. Not protected itself.
 */
@WebServlet("/programmatic-login")
public class ProgrammaticLoginServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        try {
            req.login(req.getParameter("user"), req.getParameter("password"));
        } catch (ServletException e) {
            resp.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            resp.getWriter().print("login failed\n");
            return;
        }
        resp.getWriter().print("login: " + req.getRemoteUser() + " isUserInRole(user)=" + req.isUserInRole("user")
                + "\n");
    }
}
