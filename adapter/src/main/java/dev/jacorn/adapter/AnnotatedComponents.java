package dev.jacorn.adapter;

import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.ListenerInfo;
import io.undertow.servlet.api.ServletInfo;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.annotation.WebInitParam;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.annotation.WebServlet;
import java.util.EventListener;
import java.util.List;
import java.util.TreeSet;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;

/**
 * Registers the servlets, filters and listeners an application declares with {@code @WebServlet},
 * {@code @WebFilter} and {@code @WebListener} (and {@code @MultipartConfig} on its servlets).
 * Jandex finds the candidates; each is loaded with the deployment's class loader and its
 * annotation read by reflection. Called while a deployment is being assembled.
 */
final class AnnotatedComponents {

    private AnnotatedComponents() {
    }

    /**
     * Registers the annotated components of {@code index}. A servlet or filter whose name, or
     * class, a deployment descriptor already declared is skipped: the descriptor wins.
     */
    static void register(DeploymentInfo info, IndexView index, ClassLoader loader) {
        for (String name : annotatedClasses(index, WebServlet.class)) {
            Class<? extends Servlet> type = load(name, loader, Servlet.class);
            if (!isDeclaredServlet(info, type)) {
                addServlet(info, type);
            }
        }
        for (String name : annotatedClasses(index, WebFilter.class)) {
            Class<? extends Filter> type = load(name, loader, Filter.class);
            if (!isDeclaredFilter(info, type)) {
                addFilter(info, type);
            }
        }
        for (String name : annotatedClasses(index, WebListener.class)) {
            Class<? extends EventListener> type = load(name, loader, EventListener.class);
            if (info.getListeners().stream().noneMatch(l -> l.getListenerClass().equals(type))) {
                info.addListener(new ListenerInfo(type));
            }
        }
    }

    private static boolean isDeclaredServlet(DeploymentInfo info, Class<? extends Servlet> type) {
        WebServlet web = type.getAnnotation(WebServlet.class);
        String name = web.name().isEmpty() ? type.getName() : web.name();
        return info.getServlets().containsKey(name)
                || info.getServlets().values().stream().anyMatch(s -> s.getServletClass().equals(type));
    }

    private static boolean isDeclaredFilter(DeploymentInfo info, Class<? extends Filter> type) {
        WebFilter web = type.getAnnotation(WebFilter.class);
        String name = web.filterName().isEmpty() ? type.getName() : web.filterName();
        return info.getFilters().containsKey(name)
                || info.getFilters().values().stream().anyMatch(f -> f.getFilterClass().equals(type));
    }

    /** Class names carrying {@code annotation}, sorted so registration order is stable. */
    private static TreeSet<String> annotatedClasses(IndexView index, Class<?> annotation) {
        TreeSet<String> names = new TreeSet<>();
        for (AnnotationInstance instance : index.getAnnotations(DotName.createSimple(annotation.getName()))) {
            if (instance.target().kind() == AnnotationTarget.Kind.CLASS) {
                names.add(instance.target().asClass().name().toString());
            }
        }
        return names;
    }

    private static <T> Class<? extends T> load(String name, ClassLoader loader, Class<T> expected) {
        Class<?> type;
        try {
            type = Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AppBootException("Annotated class " + name + " could not be loaded: " + e, e);
        }
        if (!expected.isAssignableFrom(type)) {
            throw new AppBootException("Class " + name + " is annotated as a " + expected.getSimpleName()
                    + " but does not implement " + expected.getName() + ".", null);
        }
        return type.asSubclass(expected);
    }

    private static void addServlet(DeploymentInfo info, Class<? extends Servlet> type) {
        WebServlet web = type.getAnnotation(WebServlet.class);
        String name = web.name().isEmpty() ? type.getName() : web.name();
        ServletInfo servlet = new ServletInfo(name, type)
                .addMappings(patterns(web.value(), web.urlPatterns()))
                .setAsyncSupported(web.asyncSupported());
        if (web.loadOnStartup() >= 0) {
            servlet.setLoadOnStartup(web.loadOnStartup());
        }
        for (WebInitParam param : web.initParams()) {
            servlet.addInitParam(param.name(), param.value());
        }
        MultipartConfig multipart = type.getAnnotation(MultipartConfig.class);
        if (multipart != null) {
            servlet.setMultipartConfig(new MultipartConfigElement(multipart));
        }
        info.addServlet(servlet);
    }

    private static void addFilter(DeploymentInfo info, Class<? extends Filter> type) {
        WebFilter web = type.getAnnotation(WebFilter.class);
        String name = web.filterName().isEmpty() ? type.getName() : web.filterName();
        FilterInfo filter = new FilterInfo(name, type).setAsyncSupported(web.asyncSupported());
        for (WebInitParam param : web.initParams()) {
            filter.addInitParam(param.name(), param.value());
        }
        info.addFilter(filter);
        for (DispatcherType dispatcher : web.dispatcherTypes()) {
            for (String pattern : patterns(web.value(), web.urlPatterns())) {
                info.addFilterUrlMapping(name, pattern, dispatcher);
            }
            for (String servletName : web.servletNames()) {
                info.addFilterServletNameMapping(name, servletName, dispatcher);
            }
        }
    }

    private static List<String> patterns(String[] value, String[] urlPatterns) {
        return List.of(value.length > 0 ? value : urlPatterns);
    }
}
