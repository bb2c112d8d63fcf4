package dev.jacorn.sample.stomp;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.support.SpringBootServletInitializer;

/** A Spring Boot WAR with a STOMP chat over WebSocket and a Thymeleaf page. */
@SpringBootApplication
public class StompApplication extends SpringBootServletInitializer {

    @Override
    protected SpringApplicationBuilder configure(SpringApplicationBuilder builder) {
        return builder.sources(StompApplication.class);
    }
}
