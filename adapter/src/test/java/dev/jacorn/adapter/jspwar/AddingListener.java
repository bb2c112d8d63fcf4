package dev.jacorn.adapter.jspwar;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.List;

/** Deployed inside the test WAR, declared in web.xml: adds a page as a servlet, tries to with no name, and
 * changes the session timeout. */
public class AddingListener implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        List<String> events = Events.of(context);
        context.addJspFile("added", "/added.jsp").addMapping("/servlet/added");
        events.add("web.xml listener added a page");
        int declared = context.getSessionTimeout();
        context.setSessionTimeout(20);
        events.add("web.xml listener changed the session timeout from " + declared + " to " + context.getSessionTimeout());
        for (String name : new String[] {"", null}) {
            try {
                context.addJspFile(name, "/added.jsp");
                events.add("web.xml listener added a page named [" + name + "]");
            } catch (IllegalArgumentException e) {
                events.add("web.xml listener may not add a page named [" + name + "]");
            }
        }
    }
}
