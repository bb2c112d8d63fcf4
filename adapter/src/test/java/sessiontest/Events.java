package sessiontest;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Records the session events of one deployment (one worker) in a context attribute, for SharedSessionsTest. */
public class Events implements HttpSessionListener, HttpSessionAttributeListener {

    @SuppressWarnings("unchecked")
    static List<String> of(ServletContext context) {
        synchronized (context) {
            Object events = context.getAttribute("events");
            if (events == null) {
                events = Collections.synchronizedList(new ArrayList<String>());
                context.setAttribute("events", events);
            }
            return (List<String>) events;
        }
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        of(event.getSession().getServletContext()).add("created");
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        of(event.getSession().getServletContext()).add("destroyed");
    }

    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
        of(event.getSession().getServletContext()).add("added " + event.getName());
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
        of(event.getSession().getServletContext()).add("replaced " + event.getName());
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent event) {
        of(event.getSession().getServletContext()).add("removed " + event.getName());
    }
}
