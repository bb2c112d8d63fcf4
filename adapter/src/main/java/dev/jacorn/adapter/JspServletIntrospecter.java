package dev.jacorn.adapter;

import io.undertow.servlet.api.ClassIntrospecter;
import io.undertow.servlet.api.InstanceFactory;
import io.undertow.servlet.util.ConstructorInstanceFactory;
import org.apache.jasper.servlet.JspServlet;

/**
 * Makes Undertow's {@code ServletContext.addJspFile} work with Jasper: Undertow registers Jasper's
 * {@link JspServlet} by name and passes the page in a request attribute that Jasper 11 no longer
 * reads; this introspecter hands out a {@link JspPageServlet}, which does read it. Every other
 * class is left to the introspecter it wraps. Used by Undertow on the deploying thread.
 */
final class JspServletIntrospecter implements ClassIntrospecter {

    private final ClassIntrospecter next;

    JspServletIntrospecter(ClassIntrospecter next) {
        this.next = next;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> InstanceFactory<T> createInstanceFactory(Class<T> type) throws NoSuchMethodException {
        if (type == JspServlet.class) {
            return (InstanceFactory<T>) new ConstructorInstanceFactory<>(JspPageServlet.class.getConstructor());
        }
        return next.createInstanceFactory(type);
    }
}
