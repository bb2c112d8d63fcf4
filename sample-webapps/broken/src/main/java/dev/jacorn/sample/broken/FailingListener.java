package dev.jacorn.sample.broken;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/** Fails the deployment on purpose, as an application with a broken configuration would. */
@WebListener
public class FailingListener implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        throw new IllegalStateException("database URL is not configured");
    }
}
