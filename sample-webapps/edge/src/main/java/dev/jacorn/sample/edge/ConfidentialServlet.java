package dev.jacorn.sample.edge;

import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /confidential}: a resource with a {@code CONFIDENTIAL} transport guarantee and no roles.
 * Over TLS (or from a trusted proxy that says https) it answers 200 {@code confidential secure=true};
 * over cleartext the container must redirect to HTTPS or refuse, and never run this servlet, which
 * prints {@code edge: confidential served over http} if it ever is.
 */
@WebServlet(name = "confidential", urlPatterns = "/confidential")
@ServletSecurity(@HttpConstraint(transportGuarantee = ServletSecurity.TransportGuarantee.CONFIDENTIAL))
public class ConfidentialServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        System.out.println("edge: confidential served over " + req.getScheme());
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write("confidential secure=" + req.isSecure() + "\n");
    }
}
