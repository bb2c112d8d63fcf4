package dev.jacorn.runner.e2e;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One runner serving a sample WAR of sample-webapps/ with its defaults, shared by the tests of a
 * class: started (and READY) before the first test, closed after the last, its log printed when a
 * test fails. Register as a static {@code @RegisterExtension} field and ask it for the {@link #port}.
 */
public final class SharedSample implements BeforeAllCallback, AfterAllCallback, TestWatcher {

    private final String sample;
    private final SharedRunners runners = new SharedRunners();
    private volatile int port;

    public SharedSample(String sample) {
        this.sample = sample;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        port = runners.add(RunnerProcess.start(Samples.war(sample).toString())).awaitReady();
    }

    /** The port the runner listens on; only between the class's first and last test. */
    public int port() {
        if (port == 0) {
            throw new IllegalStateException("the runner of sample " + sample + " is not running");
        }
        return port;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        runners.testFailed(context, cause);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        port = 0;
        runners.afterAll(context);
    }
}
