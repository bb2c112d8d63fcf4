package dev.jacorn.runner.e2e;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * For test classes that share runners between their tests (started in {@code @BeforeAll}):
 * prints every shared runner's log when a test fails, and closes them all at the end. Register
 * as a static {@code @RegisterExtension} field and {@link #add} each runner.
 */
public final class SharedRunners implements TestWatcher, org.junit.jupiter.api.extension.AfterAllCallback {

    private final List<RunnerProcess> runners = new CopyOnWriteArrayList<>();

    public RunnerProcess add(RunnerProcess runner) {
        runners.add(runner);
        return runner;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        for (RunnerProcess runner : runners) {
            System.err.println("==== server log of " + context.getDisplayName() + " ====\n" + runner.log());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        runners.forEach(RunnerProcess::close);
        runners.clear();
    }
}
