package dev.jacorn.sample.boot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.servlet.support.SpringBootServletInitializer;
import org.springframework.context.event.EventListener;

/**
 * The Spring Boot sample. Deployed as a WAR, the container finds Spring's
 * {@code SpringServletContainerInitializer}, which calls this initializer; run with
 * {@code java -jar spring-boot.war}, {@link #main} starts Boot's embedded Tomcat from
 * {@code WEB-INF/lib-provided}.
 */
@SpringBootApplication
public class BootSampleApplication extends SpringBootServletInitializer {

    private static final Logger log = LoggerFactory.getLogger(BootSampleApplication.class);

    public static void main(String[] args) {
        SpringApplication.run(BootSampleApplication.class, args);
    }

    @Override
    protected SpringApplicationBuilder configure(SpringApplicationBuilder builder) {
        return builder.sources(BootSampleApplication.class);
    }

    /**
     * The start-up lines tests grep for: one through the application's own logback, one through
     * java.util.logging, which is the JVM's and so the server's (as a library in the WAR would log).
     */
    @EventListener(ApplicationReadyEvent.class)
    public void announceReady() {
        log.info("spring-boot sample ready (logger factory {})",
                LoggerFactory.getILoggerFactory().getClass().getName());
        java.util.logging.Logger.getLogger("dev.jacorn.sample.boot.jul")
                .info("spring-boot sample ready, said through java.util.logging");
    }
}
