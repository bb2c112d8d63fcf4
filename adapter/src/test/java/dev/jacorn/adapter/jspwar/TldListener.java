package dev.jacorn.adapter.jspwar;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.List;

/** Deployed inside the test WAR, declared in a TLD: tries what only a descriptor's listener may do. */
public class TldListener implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        List<String> events = Events.of(context);
        try {
            context.addJspFile("fromTld", "/added.jsp");
            events.add("TLD listener added a page");
        } catch (UnsupportedOperationException e) {
            events.add("TLD listener may not add a page");
        }
        try {
            context.setSessionTimeout(2);
            events.add("TLD listener set the session timeout");
        } catch (UnsupportedOperationException e) {
            events.add("TLD listener may not set the session timeout");
        }
    }
}
