package dev.jacorn.adapter;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.beans.Introspector;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.jasper.EmbeddedServletOptions;
import org.apache.jasper.JasperException;
import org.apache.jasper.Options;
import org.apache.jasper.compiler.JspRuntimeContext;
import org.apache.jasper.servlet.JspServlet;
import org.apache.jasper.servlet.JspServletWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jasper's JSP servlet, which with {@value #PRECOMPILE_PARAM} set compiles every page of the
 * application ({@code .jsp} and {@code .jspx} anywhere in the web root, WEB-INF included, and the
 * tag files they use) while it is initialized, so that a page that does not compile fails the
 * start. The compiled classes are left in the scratch directory, where the pages' first requests
 * find them up to date.
 *
 * <p>Initialized on the deploying thread; serves on request threads as Jasper's servlet does.
 */
public final class JspPageServlet extends JspServlet {

    /** Init parameter: compile every page in {@link #init}. */
    static final String PRECOMPILE_PARAM = "jacorn.precompile";
    /** Context attribute: the init parameters every JSP servlet of the deployment defaults to. */
    static final String DEFAULT_PARAMS_ATTRIBUTE = "dev.jacorn.jsp.defaultInitParams";
    /** Request attribute in which Undertow's {@code addJspFile} passes the page to serve. */
    private static final String JSP_FILE_ATTRIBUTE = "org.apache.catalina.jsp_file";
    private static final String JSP_FILE_PARAM = JspEngine.JSP_FILE_PARAM;

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JspPageServlet.class);

    private transient ServletConfig configured;
    private volatile boolean servesOnePage;

    @Override
    public void init(ServletConfig config) throws ServletException {
        configured = JspServletConfig.withDefaults(config, DEFAULT_PARAMS_ATTRIBUTE, null);
        servesOnePage = configured.getInitParameter(JSP_FILE_PARAM) != null;
        super.init(configured);
        if (Boolean.parseBoolean(configured.getInitParameter(PRECOMPILE_PARAM))) {
            precompile(configured);
        }
    }

    /**
     * A servlet added with {@code addJspFile} learns its page from the first request, and from
     * then on is configured as a {@code <jsp-file>} servlet, Jasper's way of serving one page.
     */
    @Override
    public void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (!servesOnePage && request.getAttribute(JSP_FILE_ATTRIBUTE) instanceof String page) {
            servePage(page);
        }
        super.service(request, response);
    }

    private synchronized void servePage(String page) throws ServletException {
        if (servesOnePage) {
            return;
        }
        super.destroy();
        configured = JspServletConfig.withDefaults(configured, DEFAULT_PARAMS_ATTRIBUTE, Map.of(JSP_FILE_PARAM, page));
        super.init(configured);
        servesOnePage = true;
    }

    /**
     * Also empties the JDK's bean-introspection cache, as Tomcat does when an application stops:
     * Jasper's compiler introspects the tag handler classes a page uses (JSTL's, the application's),
     * and that cache, held for the whole thread group, would otherwise keep the application's class
     * loader alive after every reload.
     */
    @Override
    public void destroy() {
        super.destroy();
        Introspector.flushCaches();
    }

    private static void precompile(ServletConfig config) throws ServletException {
        ServletContext context = config.getServletContext();
        List<String> pages = new ArrayList<>();
        collectPages(context, "/", pages);
        long started = System.nanoTime();
        Options options = new EmbeddedServletOptions(config, context);
        JspRuntimeContext runtime = new JspRuntimeContext(context, options);
        try {
            for (String page : pages) {
                JspServletWrapper wrapper = new JspServletWrapper(config, options, page, runtime);
                try {
                    wrapper.getJspEngineContext().compile();
                } catch (JasperException | FileNotFoundException e) {
                    throw new ServletException("JSP page " + page + " does not compile: " + plain(e.getMessage()), e);
                }
            }
        } finally {
            runtime.destroy();
        }
        LOG.info("Precompiled {} JSP page(s) of {} in {} ms", pages.size(), context.getContextPath().isEmpty()
                ? "/" : context.getContextPath(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Jasper's messages are escaped for an HTML error page; the log and the console are plain text. */
    private static String plain(String message) {
        if (message == null) {
            return "";
        }
        int trace = message.indexOf("Stacktrace:");
        return (trace >= 0 ? message.substring(0, trace) : message).strip().replaceAll("\\s*\\R\\s*", " ").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    /** Pages under {@code dir}, depth first; the jars and classes of WEB-INF hold no pages. */
    private static void collectPages(ServletContext context, String dir, List<String> pages) {
        Set<String> entries = context.getResourcePaths(dir);
        if (entries == null) {
            return;
        }
        for (String entry : new TreeSet<>(entries)) {
            if (entry.endsWith("/")) {
                if (!entry.equals("/WEB-INF/lib/") && !entry.equals("/WEB-INF/classes/")) {
                    collectPages(context, entry, pages);
                }
            } else {
                String name = entry.toLowerCase(Locale.ROOT);
                if (name.endsWith(".jsp") || name.endsWith(".jspx")) {
                    pages.add(entry);
                }
            }
        }
    }
}
