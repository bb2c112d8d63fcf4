package dev.jacorn.sample.edge;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;

/**
 * {@code /info}: how the request looks from inside the application, one {@code key=value} per
 * line (remote address, scheme, secure, server name and port, protocol, client certificate).
 * {@code /redirect}: a relative {@code sendRedirect("info")}, which the container makes absolute.
 * Every request prints {@code edge: METHOD URI?QUERY} so that tests can tell whether it reached the
 * application.
 */
@WebServlet(name = "info", urlPatterns = {"/info", "/redirect"})
public class RequestInfoServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        System.out.println("edge: " + req.getMethod() + " " + req.getRequestURI()
                + (req.getQueryString() == null ? "" : "?" + req.getQueryString()));
        if (req.getServletPath().equals("/redirect")) {
            resp.sendRedirect("info");
            return;
        }
        X509Certificate[] chain = (X509Certificate[]) req.getAttribute("jakarta.servlet.request.X509Certificate");
        long bodyBytes = req.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write("remoteAddr=" + req.getRemoteAddr() + "\n"
                + "scheme=" + req.getScheme() + "\n"
                + "secure=" + req.isSecure() + "\n"
                + "serverName=" + req.getServerName() + "\n"
                + "serverPort=" + req.getServerPort() + "\n"
                + "requestURL=" + req.getRequestURL() + "\n"
                + "protocol=" + req.getProtocol() + "\n"
                + "clientCert=" + (chain == null || chain.length == 0 ? "none"
                        : chain[0].getSubjectX500Principal().getName()) + "\n"
                + "bodyBytes=" + bodyBytes + "\n");
    }
}
