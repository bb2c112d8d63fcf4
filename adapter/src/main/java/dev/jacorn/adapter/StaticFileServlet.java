package dev.jacorn.adapter;

import io.undertow.servlet.handlers.DefaultServlet;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * The default servlet of a web application: Undertow's, except that it never sends the source of a
 * JSP page, JSP document, fragment or tag file, whatever the dispatch and however the path is
 * spelled (any case, trailing dots, spaces or slashes). Such a path answers 404. A page reaches
 * the JSP servlet through its own mappings ({@code *.jsp}, {@code *.jspx}, property groups); what
 * falls through to this servlet is a spelling meant to get the file itself.
 *
 * <p>Called on request threads; stateless apart from what Undertow's servlet keeps.
 */
public final class StaticFileServlet extends DefaultServlet {

    private static final long serialVersionUID = 1L;

    /** Extensions of files that are JSP source, never content. */
    private static final List<String> SOURCE_EXTENSIONS = List.of(".jsp", ".jspx", ".jspf", ".tag", ".tagx");

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (isJspSource(servedPath(request))) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        super.service(request, response);
    }

    /** The path this servlet would serve, as Undertow's default servlet computes it. */
    private static String servedPath(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        if (request.getDispatcherType() == DispatcherType.INCLUDE
                && request.getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI) != null) {
            servletPath = (String) request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH);
            pathInfo = (String) request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO);
        }
        return (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    }

    /**
     * Whether {@code path} names a JSP source file on some file system: compared without case, and
     * without the trailing dots, spaces, slashes and {@code ::$DATA} that some file systems ignore.
     */
    static boolean isJspSource(String path) {
        String name = path.replace('\\', '/').toLowerCase(Locale.ROOT);
        int parameters = name.indexOf(';');
        if (parameters >= 0) {
            name = name.substring(0, parameters);
        }
        boolean trimmed = true;
        while (trimmed && !name.isEmpty()) {
            trimmed = false;
            if (name.endsWith("::$data")) {
                name = name.substring(0, name.length() - 7);
                trimmed = true;
            }
            char last = name.isEmpty() ? 'x' : name.charAt(name.length() - 1);
            if (last == '.' || last == ' ' || last == '/' || last == '\t') {
                name = name.substring(0, name.length() - 1);
                trimmed = true;
            }
        }
        for (String extension : SOURCE_EXTENSIONS) {
            if (name.endsWith(extension)) {
                return true;
            }
        }
        return false;
    }
}
