package dev.jacorn.sample.boot;

import jakarta.annotation.PreDestroy;
import jakarta.validation.Valid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootVersion;
import org.springframework.core.SpringVersion;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/** The JSON endpoints under {@code /api}; see sample-webapps/README.md for the exact contract. */
@RestController
@RequestMapping("/api")
public class GreetingController {

    /**
     * Completes {@code /api/async}. Owned and shut down by the application, so an undeploy leaves
     * no thread of this application behind (the {@code leaky} sample is the one that does).
     */
    private final ExecutorService asyncExecutor = Executors.newFixedThreadPool(2, new NamedThreads());

    @PreDestroy
    void shutdownAsyncExecutor() {
        asyncExecutor.shutdownNow();
    }

    @GetMapping("/greeting")
    public Greeting greeting(@RequestParam(defaultValue = "world") String name) {
        return new Greeting("Hello, " + name + "!");
    }

    @PostMapping("/echo")
    public EchoRequest echo(@Valid @RequestBody EchoRequest body) {
        return body;
    }

    /** Completes on one of this controller's threads ({@code boot-sample-async-N}), not on the request thread. */
    @GetMapping("/async")
    public DeferredResult<Map<String, Object>> async() {
        String requestThread = Thread.currentThread().getName();
        DeferredResult<Map<String, Object>> result = new DeferredResult<>(10_000L);
        asyncExecutor.execute(() -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("message", "async done");
            body.put("requestThread", requestThread);
            body.put("completedOn", Thread.currentThread().getName());
            result.setResult(body);
        });
        return result;
    }

    @GetMapping("/info")
    public Map<String, Object> info() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("app", "spring-boot");
        body.put("springBootVersion", SpringBootVersion.getVersion());
        body.put("springVersion", SpringVersion.getVersion());
        Class<?> loggerFactory = LoggerFactory.getILoggerFactory().getClass();
        ClassLoader appLoader = getClass().getClassLoader();
        body.put("loggerFactory", loggerFactory.getName());
        // True when slf4j and logback came from this WAR's WEB-INF/lib, not from the container.
        body.put("loggingFromApplication", loggerFactory.getClassLoader() == appLoader
                && LoggerFactory.class.getClassLoader() == appLoader);
        body.put("appClassLoader", appLoader.getClass().getName());
        body.put("javaVersion", System.getProperty("java.version"));
        return body;
    }

    public record Greeting(String message) {
    }

    private static final class NamedThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "boot-sample-async-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
