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
import org.jboss.metadata.web.spec.FilterMetaData;
import org.jboss.metadata.web.spec.ServletMetaData;

/**
 * Registers the servlets, filters and listeners an application declares with {@code @WebServlet},
 * {@code @WebFilter} and {@code @WebListener} (and {@code @MultipartConfig} on its servlets).
 * Jandex finds the candidates; each is loaded with the deployment's class loader and its
 * annotation read by reflection. Called while a deployment is being assembled, after the
 * descriptors.
 *
 * <p>Merged with the descriptors as the specification (8.2.3) says: the annotation's name (by
 * default the class name) is what matches. A servlet or filter the descriptors declare under that
 * name keeps what they declared and gains the annotation's init params it lacks, its URL patterns
 * when the descriptors map it nowhere, and its async support, load-on-startup and multipart config
 * when the descriptors leave them out. A class the descriptors declare under another name is a
 * second, separate servlet or filter under the annotation's name.
 */
final class AnnotatedComponents {

    private AnnotatedComponents() {
    }

    /** Registers the annotated components of {@code index}, merged with what {@code descriptor} declared. */
    static void register(DeploymentInfo info, IndexView index, ClassLoader loader, WebDescriptor descriptor) {
        for (String name : annotatedClasses(index, WebServlet.class)) {
            Class<? extends Servlet> type = load(name, loader, Servlet.class);
            WebServlet web = type.getAnnotation(WebServlet.class);
            String servletName = web.name().isEmpty() ? type.getName() : web.name();
            ServletInfo declared = info.getServlets().get(servletName);
            if (declared == null) {
                info.addServlet(servlet(servletName, type, web));
            } else {
                merge(declared, type, web, descriptor.servlet(servletName));
            }
        }
        for (String name : annotatedClasses(index, WebFilter.class)) {
            Class<? extends Filter> type = load(name, loader, Filter.class);
            WebFilter web = type.getAnnotation(WebFilter.class);
            String filterName = web.filterName().isEmpty() ? type.getName() : web.filterName();
            FilterInfo declared = info.getFilters().get(filterName);
            if (declared == null) {
                info.addFilter(new FilterInfo(filterName, type).setAsyncSupported(web.asyncSupported()));
                declared = info.getFilters().get(filterName);
            } else {
                FilterMetaData metaData = descriptor.filter(filterName);
                if (metaData == null || !metaData.getAsyncSupportedSet()) {
                    declared.setAsyncSupported(web.asyncSupported());
                }
            }
            for (WebInitParam param : web.initParams()) {
                if (!declared.getInitParams().containsKey(param.name())) {
                    declared.addInitParam(param.name(), param.value());
                }
            }
            if (info.getFilterMappings().stream().noneMatch(m -> m.getFilterName().equals(filterName))) {
                addFilterMappings(info, filterName, web);
            }
        }
        for (String name : annotatedClasses(index, WebListener.class)) {
            Class<? extends EventListener> type = load(name, loader, EventListener.class);
            if (info.getListeners().stream().noneMatch(l -> l.getListenerClass().equals(type))) {
                info.addListener(new ListenerInfo(type));
            }
        }
    }

    private static ServletInfo servlet(String name, Class<? extends Servlet> type, WebServlet web) {
        ServletInfo servlet = new ServletInfo(name, type)
                .addMappings(patterns(web.value(), web.urlPatterns()))
                .setAsyncSupported(web.asyncSupported());
        merge(servlet, type, web, null);
        return servlet;
    }

    /** Adds what the annotation gives and {@code servlet} (as its descriptors declared it) lacks. */
    private static void merge(ServletInfo servlet, Class<? extends Servlet> type, WebServlet web, ServletMetaData declared) {
        for (WebInitParam param : web.initParams()) {
            if (!servlet.getInitParams().containsKey(param.name())) {
                servlet.addInitParam(param.name(), param.value());
            }
        }
        if (servlet.getMappings().isEmpty()) {
            servlet.addMappings(patterns(web.value(), web.urlPatterns()));
        }
        if (declared != null && !declared.getAsyncSupportedSet()) {
            servlet.setAsyncSupported(web.asyncSupported());
        }
        if (servlet.getLoadOnStartup() == null && web.loadOnStartup() >= 0) {
            servlet.setLoadOnStartup(web.loadOnStartup());
        }
        MultipartConfig multipart = type.getAnnotation(MultipartConfig.class);
        if (servlet.getMultipartConfig() == null && multipart != null) {
            servlet.setMultipartConfig(new MultipartConfigElement(multipart));
        }
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

    private static void addFilterMappings(DeploymentInfo info, String name, WebFilter web) {
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
