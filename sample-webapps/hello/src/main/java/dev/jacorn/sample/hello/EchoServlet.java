package dev.jacorn.sample.hello;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Echoes the request body with its content type: the JSON POST workload of the benchmarks. */
@WebServlet(name = "echo", urlPatterns = "/echo")
public class EchoServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        byte[] body = req.getInputStream().readAllBytes();
        String type = req.getContentType();
        resp.setContentType(type == null ? "application/octet-stream" : type);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
