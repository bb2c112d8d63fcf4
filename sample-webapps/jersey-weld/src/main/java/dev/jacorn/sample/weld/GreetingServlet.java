package dev.jacorn.sample.weld;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** A plain servlet with a CDI bean injected: Weld's ServletExtension for Undertow does the injecting. */
@WebServlet("/servlet")
public class GreetingServlet extends HttpServlet {

    @Inject
    Greeter greeter;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain");
        String name = request.getParameter("name");
        response.getWriter().print(greeter == null ? "not injected\n"
                : greeter.greet(name == null ? "world" : name, "a servlet") + "\n");
    }
}
