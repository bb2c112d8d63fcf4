package dev.jacorn.sample.formlogin;

import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Protected only by annotation: the container must turn {@code @ServletSecurity} into a
 * constraint (role admin), so a logged-in {@code user} without {@code admin} gets 403.
 */
@WebServlet("/annotated-admin")
@ServletSecurity(@HttpConstraint(rolesAllowed = "admin"))
public class AnnotatedAdminServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().print("annotated-admin: " + req.getRemoteUser()
                + " isUserInRole(admin)=" + req.isUserInRole("admin") + "\n");
    }
}
