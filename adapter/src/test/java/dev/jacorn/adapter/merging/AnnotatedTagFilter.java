package dev.jacorn.adapter.merging;

import jakarta.servlet.annotation.WebFilter;

/** Annotated, and also declared in web.xml under another name. */
@WebFilter(filterName = "annotatedFilter", urlPatterns = "/params")
public class AnnotatedTagFilter extends TagFilter {
}
