package dev.jacorn.sample.hello;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Answers a plain-text greeting at the context root and at {@code /hello}. */
@WebServlet(name = "hello", urlPatterns = {"", "/hello"})
public class HelloServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = req.getParameter("name");
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write("Hello, " + (name == null || name.isBlank() ? "world" : name) + "!\n");
    }
}
