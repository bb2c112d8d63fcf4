package dev.jacorn.sample.weld;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicInteger;

/** One per application (a CDI bean): counts the greetings it gives, wherever it is injected. */
@ApplicationScoped
public class Greeter {

    private final AtomicInteger given = new AtomicInteger();

    @PostConstruct
    void ready() {
        System.out.println("weld: Greeter created by CDI");
    }

    public String greet(String name, String from) {
        return "Hello, " + name + "! (greeting " + given.incrementAndGet() + ", from " + from + ")";
    }
}
