package dev.jacorn.sample.formlogin;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Mapped at {@code /secure/whoami} in web.xml, behind the FORM-login constraint (role user). */
public class WhoAmIServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().print("remoteUser=" + req.getRemoteUser() + "\n");
        resp.getWriter().print("isUserInRole(user)=" + req.isUserInRole("user") + "\n");
        resp.getWriter().print("authType=" + req.getAuthType() + "\n");
    }
}
