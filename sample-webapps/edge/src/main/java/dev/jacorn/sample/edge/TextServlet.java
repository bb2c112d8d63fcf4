package dev.jacorn.sample.edge;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /text?kb=N}: N KiB (default 8) of repetitive plain text, easy to compress.
 * {@code /binary?kb=N}: the same size as {@code application/octet-stream}.
 */
@WebServlet(name = "text", urlPatterns = {"/text", "/binary"})
public class TextServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        System.out.println("edge: " + req.getMethod() + " " + req.getRequestURI()
                + (req.getQueryString() == null ? "" : "?" + req.getQueryString()));
        int kb = req.getParameter("kb") == null ? 8 : Integer.parseInt(req.getParameter("kb"));
        String line = "All work and no play makes Jack a dull boy, says the edge sample.....\n";
        StringBuilder body = new StringBuilder(kb * 1024);
        while (body.length() < kb * 1024) {
            body.append(line);
        }
        body.setLength(kb * 1024);
        boolean text = req.getServletPath().equals("/text");
        resp.setContentType(text ? "text/plain;charset=UTF-8" : "application/octet-stream");
        resp.getOutputStream().write(body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
