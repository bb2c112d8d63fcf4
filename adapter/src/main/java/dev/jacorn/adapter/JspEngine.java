package dev.jacorn.adapter;

import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.api.ServletInfo;
import jakarta.servlet.Servlet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.jasper.servlet.JasperInitializer;
import org.apache.tomcat.JarScanner;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.jboss.metadata.web.spec.JspConfigMetaData;
import org.jboss.metadata.web.spec.ServletMappingMetaData;
import org.jboss.metadata.web.spec.WebCommonMetaData;

/**
 * Apache Jasper wired into one deployment, the way Tomcat's default web.xml and context
 * configuration do it: Jasper's initializer scans the TLDs of WEB-INF and of the WEB-INF/lib jars
 * and sets up the instance manager; the {@code jsp} servlet is mapped to {@code *.jsp},
 * {@code *.jspx}, the URL patterns of every {@code jsp-property-group} and whatever the descriptors
 * map to a servlet named {@code jsp}; the {@code jsp-config} of the descriptors is handed to the
 * context. Pages are compiled with ecj into the deployment's private temporary directory.
 *
 * <p>Only {@link JspPages} calls this class, and only for an application that uses JSP, so that
 * no other application loads a Jasper class. Runs on the deploying thread.
 */
final class JspEngine {

    /** The name of the JSP servlet, as in Tomcat's default web.xml. */
    static final String SERVLET_NAME = "jsp";
    /** Jasper's init parameter that makes a JSP servlet serve one page: a {@code <jsp-file>} servlet. */
    static final String JSP_FILE_PARAM = "jspFile";

    private JspEngine() {
    }

    /** The servlet class of every JSP servlet, {@code <jsp-file>} servlets included. */
    static Class<? extends Servlet> servletClass() {
        return JspPageServlet.class;
    }

    static void install(DeploymentInfo info, Application app, DeployOptions options) {
        initializeEngine();
        info.addServletContainerInitializer(new ServletContainerInitializerInfo(JasperInitializer.class, null));
        // The WEB-INF/lib jars only: the runner's own classpath holds no tag libraries of the application.
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false);
        scanner.setScanManifest(false);
        info.addServletContextAttribute(JarScanner.class.getName(), scanner);
        List<JspConfigMetaData> configs = new ArrayList<>();
        List<String> patterns = new ArrayList<>(List.of("*.jsp", "*.jspx"));
        for (WebCommonMetaData descriptor : descriptors(app.descriptor())) {
            if (descriptor.getJspConfig() != null) {
                configs.add(descriptor.getJspConfig());
                JspConfigDescriptors.urlPatterns(descriptor.getJspConfig()).forEach(patterns::add);
            }
            for (ServletMappingMetaData mapping : nonNull(descriptor.getServletMappings())) {
                if (SERVLET_NAME.equals(mapping.getServletName()) && mapping.getUrlPatterns() != null) {
                    patterns.addAll(mapping.getUrlPatterns());
                }
            }
        }
        if (!configs.isEmpty()) {
            info.setJspConfigDescriptor(JspConfigDescriptors.of(configs));
        }
        Map<String, String> params = initParams(app, options);
        if (!info.getServlets().containsKey(SERVLET_NAME)) {
            ServletInfo jsp = new ServletInfo(SERVLET_NAME, JspPageServlet.class);
            // Precompiling fails the start, so the servlet must start with the deployment.
            jsp.setLoadOnStartup(app.jspOptions().precompile() ? 0 : 3);
            if (app.jspOptions().precompile()) {
                jsp.addInitParam(JspPageServlet.PRECOMPILE_PARAM, "true");
            }
            info.addServlet(jsp);
        }
        ServletInfo jsp = info.getServlets().get(SERVLET_NAME);
        // A welcome file reaches the JSP servlet only when the page exists, as Tomcat's resource-only
        // JSP servlet: otherwise "/" would answer "index.jsp not found" instead of reaching the
        // application's default servlet (Spring's DispatcherServlet at "/").
        jsp.setRequireWelcomeFileMapping(true);
        for (String pattern : patterns) {
            if (!isMapped(info, pattern)) {
                jsp.addMapping(pattern);
            }
        }
        // Every JSP servlet, <jsp-file> and addJspFile ones included, reads these unless it sets its own.
        info.addServletContextAttribute(JspPageServlet.DEFAULT_PARAMS_ATTRIBUTE, Map.copyOf(params));
        info.setClassIntrospecter(new JspServletIntrospecter(info.getClassIntrospecter()));
    }

    /**
     * Initializes, on the deploying thread and with Jacorn's class loader as context, what Jasper
     * would otherwise set up inside the first application to use it: JULI's log factory, which
     * looks for its log implementation ({@link JuliLog}) with the context class loader; and the
     * ecj class that creates an exception in its static initializer, whose stack trace would hold
     * the classes (and class loader) of the first application that compiles a page for the life
     * of the JVM.
     */
    private static void initializeEngine() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(JspEngine.class.getClassLoader());
        try {
            org.apache.juli.logging.LogFactory.getLog(JspEngine.class);
            Class.forName("org.eclipse.jdt.internal.compiler.lookup.ReferenceBinding", true,
                    JspEngine.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("The JSP compiler (ecj) is missing from Jacorn's class path", e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private static Map<String, String> initParams(Application app, DeployOptions options) {
        Path scratch = options.tempDir().resolve("jsp");
        try {
            Files.createDirectories(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("scratchdir", scratch.toString());
        params.put("development", Boolean.toString(app.jspOptions().development()));
        // Development mode looks at a page's file at most once a second; production never does.
        params.put("modificationTestInterval", "1");
        params.put("checkInterval", "0");
        params.put("fork", "false");
        params.put("xpoweredBy", "false");
        return params;
    }

    private static boolean isMapped(DeploymentInfo info, String pattern) {
        for (ServletInfo servlet : info.getServlets().values()) {
            if (servlet.getMappings().contains(pattern)) {
                return true;
            }
        }
        return false;
    }

    private static List<WebCommonMetaData> descriptors(WebDescriptor descriptor) {
        List<WebCommonMetaData> all = new ArrayList<>();
        if (descriptor.webXml() != null) {
            all.add(descriptor.webXml());
        }
        for (WebDescriptor.Fragment fragment : descriptor.fragments()) {
            all.add(fragment.metaData());
        }
        return all;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }
}
