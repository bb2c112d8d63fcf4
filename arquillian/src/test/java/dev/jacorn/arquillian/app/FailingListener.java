package dev.jacorn.arquillian.app;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/** Makes the application that declares it fail to start. */
public class FailingListener implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        throw new IllegalStateException("the database URL is not configured");
    }
}
