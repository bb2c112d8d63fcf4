package dev.jacorn.adapter;

import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.ServletContainerInitializerInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.annotation.HandlesTypes;
import java.util.LinkedHashSet;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the application's {@link ServletContainerInitializer}s with {@link ServiceLoader} (its own
 * jars and classes only: the loader hides the runner's) and hands each to Undertow with the
 * classes its {@link HandlesTypes} asks for: classes annotated with a named annotation, and
 * subclasses and implementors of a named type. This is what boots Spring's
 * {@code SpringBootServletInitializer} and Jersey's {@code @ApplicationPath} applications.
 */
final class Initializers {

    private static final Logger LOG = LoggerFactory.getLogger(Initializers.class);

    private Initializers() {
    }

    static void register(DeploymentInfo info, IndexView index, ClassLoader loader) {
        for (ServiceLoader.Provider<ServletContainerInitializer> provider
                : ServiceLoader.load(ServletContainerInitializer.class, loader).stream().toList()) {
            Class<? extends ServletContainerInitializer> type = provider.type();
            Set<Class<?>> handled = handledClasses(type.getAnnotation(HandlesTypes.class), index, loader);
            info.addServletContainerInitializer(new ServletContainerInitializerInfo(
                    type, new ImmediateInstanceFactory<>(provider.get()), handled));
            LOG.debug("Initializer {} gets {} classes", type.getName(), handled == null ? 0 : handled.size());
        }
    }

    /** The matching classes, or {@code null} when there are none, as the specification asks. */
    private static Set<Class<?>> handledClasses(HandlesTypes handles, IndexView index, ClassLoader loader) {
        if (handles == null) {
            return null;
        }
        TreeSet<String> names = new TreeSet<>();
        for (Class<?> wanted : handles.value()) {
            DotName name = DotName.createSimple(wanted.getName());
            if (wanted.isAnnotation()) {
                for (AnnotationInstance instance : index.getAnnotations(name)) {
                    DotName declaring = declaringClass(instance);
                    if (declaring != null) {
                        names.add(declaring.toString());
                    }
                }
            } else {
                index.getAllKnownSubclasses(name).forEach(c -> names.add(c.name().toString()));
                index.getAllKnownImplementors(name).forEach(c -> names.add(c.name().toString()));
            }
        }
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (String name : names) {
            try {
                classes.add(Class.forName(name, false, loader));
            } catch (ClassNotFoundException | LinkageError e) {
                // An optional integration whose dependencies the application does not ship: skip it.
                LOG.debug("Skipping {} for @HandlesTypes: {}", name, e.toString());
            }
        }
        return classes.isEmpty() ? null : classes;
    }

    private static DotName declaringClass(AnnotationInstance instance) {
        return switch (instance.target().kind()) {
            case CLASS -> instance.target().asClass().name();
            case METHOD -> instance.target().asMethod().declaringClass().name();
            case FIELD -> instance.target().asField().declaringClass().name();
            case METHOD_PARAMETER -> instance.target().asMethodParameter().method().declaringClass().name();
            default -> null;
        };
    }
}
