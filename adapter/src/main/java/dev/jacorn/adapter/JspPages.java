package dev.jacorn.adapter;

import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.ServletInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import org.jboss.metadata.web.spec.ServletMetaData;
import org.jboss.metadata.web.spec.WebCommonMetaData;

/**
 * Whether an application uses JSP, and the one place a deployment gets its JSP support. The JSP
 * engine (Apache Jasper, in {@link JspEngine}) is loaded only for an application that has a page,
 * a tag file, a {@code jsp-file} servlet or a {@code jsp-config}: an application without them
 * loads none of its classes. Every web application gets {@link StaticFileServlet} as its default
 * servlet, so that no JSP source is ever sent as a file.
 *
 * <p>Stateless; {@link #usesJsp} runs once when the application is prepared.
 */
final class JspPages {

    /** Extensions that make an application a JSP application. */
    private static final List<String> JSP_EXTENSIONS = List.of(".jsp", ".jspx", ".tag", ".tagx");

    private JspPages() {
    }

    /**
     * Whether the web application under {@code root} uses JSP: a descriptor declares a
     * {@code jsp-file} servlet or a {@code jsp-config}, or a page or tag file lies anywhere in the
     * web root (WEB-INF included; the jars and classes of WEB-INF are not looked into).
     */
    static boolean usesJsp(Path root, WebDescriptor descriptor) {
        if (declaresJsp(descriptor.webXml())) {
            return true;
        }
        for (WebDescriptor.Fragment fragment : descriptor.fragments()) {
            if (declaresJsp(fragment.metaData())) {
                return true;
            }
        }
        return hasPage(root);
    }

    private static boolean declaresJsp(WebCommonMetaData metaData) {
        if (metaData == null) {
            return false;
        }
        if (metaData.getJspConfig() != null) {
            return true;
        }
        if (metaData.getServlets() != null) {
            for (ServletMetaData servlet : metaData.getServlets()) {
                if (servlet.getJspFile() != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasPage(Path root) {
        Path classes = root.resolve("WEB-INF/classes");
        Path lib = root.resolve("WEB-INF/lib");
        boolean[] found = {false};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return dir.equals(classes) || dir.equals(lib) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (isPage(file.getFileName().toString())) {
                        found[0] = true;
                        return FileVisitResult.TERMINATE;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found[0];
    }

    private static boolean isPage(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        for (String extension : JSP_EXTENSIONS) {
            if (name.endsWith(extension)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds the default servlet that never sends JSP source, and, for an application that uses
     * JSP, the JSP engine (after the descriptors and annotations are registered).
     */
    static void install(DeploymentInfo info, Application app, DeployOptions options) {
        if (app.root() == null) {
            return;
        }
        if (!info.getServlets().containsKey("default")) {
            info.addServlet(new ServletInfo("default", StaticFileServlet.class));
        }
        if (app.usesJsp()) {
            JspEngine.install(info, app, options);
        }
    }
}
