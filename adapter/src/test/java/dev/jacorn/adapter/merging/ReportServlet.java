package dev.jacorn.adapter.merging;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Deployed inside the test WAR: reports the name and init params it was given, and its context's identity. */
public class ReportServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ServletContext context = getServletContext();
        String params = new TreeSet<>(Collections.list(getInitParameterNames())).stream()
                .map(name -> name + "=" + getInitParameter(name)).collect(Collectors.joining(","));
        response.setContentType("text/plain");
        response.getWriter().print("name=" + getServletName() + " params=" + params
                + " context=" + context.getServletContextName()
                + " version=" + context.getEffectiveMajorVersion() + "." + context.getEffectiveMinorVersion());
    }
}
