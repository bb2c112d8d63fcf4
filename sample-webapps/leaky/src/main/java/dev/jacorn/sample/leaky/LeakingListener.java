package dev.jacorn.sample.leaky;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Leaks this application's class loader ON PURPOSE, for the runner's leak-detector tests: it
 * starts a daemon thread named {@code leaky-ticker} whose runnable is an application class and
 * whose context class loader is the application's, and never stops it, not even in
 * {@code contextDestroyed}. The thread ends only if something interrupts it.
 */
@WebListener
public class LeakingListener implements ServletContextListener {

    static final String THREAD_NAME = "leaky-ticker";

    @Override
    public void contextInitialized(ServletContextEvent sce) {
        Thread ticker = new Thread(new Ticker(), THREAD_NAME);
        ticker.setDaemon(true);
        ticker.setContextClassLoader(LeakingListener.class.getClassLoader());
        ticker.start();
        System.out.println("leaky: started thread " + THREAD_NAME);
    }

    @Override
    public void contextDestroyed(ServletContextEvent sce) {
        System.out.println("leaky: context destroyed, thread " + THREAD_NAME + " left running");
    }

    /** Sleeps in a loop; being an application class, it pins the application's loader. */
    private static final class Ticker implements Runnable {
        @Override
        public void run() {
            try {
                while (true) {
                    Thread.sleep(1_000);
                }
            } catch (InterruptedException e) {
                System.out.println("leaky: " + THREAD_NAME + " interrupted, stopping");
            }
        }
    }
}
