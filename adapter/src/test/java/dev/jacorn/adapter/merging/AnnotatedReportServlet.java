package dev.jacorn.adapter.merging;

import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebServlet;

/** Annotated, and also declared in web.xml under another name. */
@WebServlet(name = "annotated", urlPatterns = "/annotated", initParams = @WebInitParam(name = "a", value = "annotation"))
public class AnnotatedReportServlet extends ReportServlet {
}
