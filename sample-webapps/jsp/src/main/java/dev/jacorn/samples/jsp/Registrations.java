package dev.jacorn.samples.jsp;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/** Adds a page as a servlet of its own, the programmatic way to write a {@code <jsp-file>} servlet. */
@WebListener
public class Registrations implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        event.getServletContext().addJspFile("added", "/WEB-INF/views/added.jsp").addMapping("/added/*");
    }
}
