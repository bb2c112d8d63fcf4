package dev.jacorn.runner.e2e;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Prints the output of every runner a failed test started, and kills any runner a test left
 * running. Register on end-to-end test classes with {@code @ExtendWith(ServerLogOnFailure.class)}.
 */
public final class ServerLogOnFailure implements BeforeEachCallback, AfterEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        RunnerProcess.STARTED.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<RunnerProcess> started = new ArrayList<>(RunnerProcess.STARTED);
        RunnerProcess.STARTED.clear();
        if (context.getExecutionException().isPresent()) {
            for (RunnerProcess runner : started) {
                System.err.println("==== server log of " + context.getDisplayName() + " ====\n" + runner.log());
            }
        }
        started.forEach(RunnerProcess::close);
    }
}
