package dev.jacorn.runner.e2e;

/** The worker tests with {@code --worker-class thread}, on the build's JDK. */
class SupervisorIT extends SupervisorScenarios {

    @Override
    String workerClass() {
        return "thread";
    }
}
