package dev.jacorn.adapter.jspwar;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/** Deployed inside the test WAR: adds the dispatcher type it was called for to the request's {@code trail}. */
public class TrailFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Object trail = request.getAttribute("trail");
        request.setAttribute("trail", (trail == null ? "" : trail + ",") + request.getDispatcherType());
        chain.doFilter(request, response);
    }
}
