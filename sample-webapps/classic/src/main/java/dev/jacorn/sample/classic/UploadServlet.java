package dev.jacorn.sample.classic;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Collection;

/**
 * Multipart upload, configured by {@code <multipart-config>} in web.xml (1 MiB per file, 2 MiB
 * per request). Prints one line per part, in request order: name, submitted file name, byte count.
 */
public class UploadServlet extends HttpServlet {

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp)
            throws IOException, ServletException {
        Collection<Part> parts;
        try {
            parts = req.getParts();
        } catch (IllegalStateException tooLarge) {
            // The Servlet spec reports a part or request over the configured limits this way.
            resp.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "upload too large");
            return;
        }
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        for (Part part : parts) {
            out.print("part name=" + part.getName()
                    + " filename=" + part.getSubmittedFileName()
                    + " size=" + countBytes(part) + "\n");
        }
    }

    private static long countBytes(Part part) throws IOException {
        try (InputStream in = part.getInputStream()) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
