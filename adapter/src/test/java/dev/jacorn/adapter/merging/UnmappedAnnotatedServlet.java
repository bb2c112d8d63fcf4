package dev.jacorn.adapter.merging;

import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebServlet;

/** Annotated, and declared in web.xml under the same name without a mapping. */
@WebServlet(name = "unmapped", urlPatterns = "/from-annotation", initParams = {
        @WebInitParam(name = "a", value = "annotation"), @WebInitParam(name = "b", value = "annotation")})
public class UnmappedAnnotatedServlet extends ReportServlet {
}
