package dev.jacorn.sample.hello;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Prints one line when the application starts and one when it is destroyed, so that tests can
 * see that an undeploy really ran {@code contextDestroyed}.
 */
@WebListener
public class LifecycleLogger implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        System.out.println("hello: context initialized");
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        System.out.println("hello: context destroyed");
    }
}
