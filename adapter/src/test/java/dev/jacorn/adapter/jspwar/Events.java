package dev.jacorn.adapter.jspwar;

import jakarta.servlet.ServletContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Deployed inside the test WAR: what the listeners saw, kept in a context attribute in the order it happened. */
final class Events {

    private Events() {
    }

    @SuppressWarnings("unchecked")
    static synchronized List<String> of(ServletContext context) {
        Object events = context.getAttribute("events");
        if (events == null) {
            events = new CopyOnWriteArrayList<String>();
            context.setAttribute("events", events);
        }
        return (List<String>) events;
    }
}
