package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which class loader gives an application each API: the Servlet and JSP APIs always the
 * container's; JSTL always the application's own; Expression Language the application's when it
 * bundles one, else the container's, and always the container's for an application with JSP
 * pages; the JSP engine's runtime only to applications with JSP pages. The "application" here is a
 * WEB-INF/classes directory holding copies of the classes in question.
 */
class WebAppClassLoaderTest {

    private static final ClassLoader CONTAINER = WebAppClassLoaderTest.class.getClassLoader();

    @Test
    void jstlComesFromTheApplicationAndTheJspApiFromTheContainer(@TempDir Path classes) throws Exception {
        copyClass("jakarta.servlet.jsp.jstl.core.Config", classes);
        copyClass("jakarta.servlet.jsp.JspFactory", classes);
        try (WebAppClassLoader loader = loader(classes, false)) {
            assertSame(loader, loader.loadClass("jakarta.servlet.jsp.jstl.core.Config").getClassLoader());
            assertSame(CONTAINER, loader.loadClass("jakarta.servlet.jsp.JspFactory").getClassLoader());
        }
    }

    @Test
    void expressionLanguageIsTheApplicationsWhenItBundlesOneElseTheContainers(@TempDir Path classes) throws Exception {
        try (WebAppClassLoader loader = loader(classes, false)) {
            assertSame(CONTAINER, loader.loadClass("jakarta.el.ExpressionFactory").getClassLoader());
            assertSame(CONTAINER, loader.loadClass("org.apache.el.ExpressionFactoryImpl").getClassLoader());
            assertNotNull(loader.getResource("jakarta/el/ExpressionFactory.class"));
        }
        copyClass("jakarta.el.ExpressionFactory", classes);
        try (WebAppClassLoader loader = loader(classes, false)) {
            assertSame(loader, loader.loadClass("jakarta.el.ExpressionFactory").getClassLoader());
        }
    }

    @Test
    void anApplicationWithJspPagesGetsTheContainersElAndTheJspRuntime(@TempDir Path classes) throws Exception {
        copyClass("jakarta.el.ExpressionFactory", classes);
        try (WebAppClassLoader loader = loader(classes, true)) {
            assertSame(CONTAINER, loader.loadClass("jakarta.el.ExpressionFactory").getClassLoader());
            assertSame(CONTAINER, loader.loadClass("org.apache.jasper.runtime.HttpJspBase").getClassLoader());
            assertSame(CONTAINER, loader.loadClass("org.apache.tomcat.InstanceManager").getClassLoader());
            // The JSP compiler reads the classes a page uses as resources.
            assertEquals(CONTAINER.getResource("jakarta/el/ExpressionFactory.class"),
                    loader.getResource("jakarta/el/ExpressionFactory.class"));
            assertEquals(CONTAINER.getResource("jakarta/servlet/Servlet.class"),
                    loader.getResource("jakarta/servlet/Servlet.class"));
        }
        try (WebAppClassLoader loader = loader(classes, false)) {
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.apache.jasper.runtime.HttpJspBase"));
            assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.apache.tomcat.InstanceManager"));
        }
    }

    private static WebAppClassLoader loader(Path classes, boolean jsp) throws IOException {
        URL[] urls = {classes.toUri().toURL()};
        return jsp ? WebAppClassLoader.ofJspEngine("test", urls, CONTAINER) : new WebAppClassLoader("test", urls, CONTAINER);
    }

    private static void copyClass(String name, Path classes) throws IOException {
        String file = name.replace('.', '/') + ".class";
        Path target = classes.resolve(file);
        Files.createDirectories(target.getParent());
        try (InputStream in = CONTAINER.getResourceAsStream(file)) {
            Files.copy(in, target);
        }
    }
}
