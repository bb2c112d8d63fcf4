package dev.jacorn.sample.classic;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Mapped to {@code /admin/*}, which web.xml restricts to role {@code admin} with BASIC auth. */
public class AdminServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().print("admin: " + req.getRemoteUser()
                + " isUserInRole(admin)=" + req.isUserInRole("admin")
                + " authType=" + req.getAuthType() + "\n");
    }
}
