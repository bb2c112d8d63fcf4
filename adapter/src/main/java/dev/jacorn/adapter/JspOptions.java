package dev.jacorn.adapter;

/**
 * How the JSP pages of an application are compiled; read only by applications that have JSP pages.
 *
 * @param development check each page for changes on access (at most once a second) and recompile a
 *     changed one, as Jasper's development mode does; for exploded WARs being edited
 * @param precompile compile every page while the application starts, so that a page that does not
 *     compile fails the start (or the reload, which then keeps the old workers) instead of its first
 *     request
 */
public record JspOptions(boolean development, boolean precompile) {

    /** Pages compiled on their first request and never checked again, as Tomcat in production. */
    public static final JspOptions DEFAULT = new JspOptions(false, false);
}
