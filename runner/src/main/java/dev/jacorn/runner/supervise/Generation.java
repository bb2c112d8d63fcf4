package dev.jacorn.runner.supervise;

import dev.jacorn.adapter.Application;
import java.util.List;

/**
 * What the arbiter runs: the prepared applications and the worker settings. Built by the
 * composition root at start-up and again, from the settings and the files as they are now, on
 * every reload.
 */
public record Generation(List<Application> applications, WorkerOptions settings) {

    public Generation {
        applications = List.copyOf(applications);
    }

    /** The application mounted at {@code contextPath}, or {@code null}. */
    Application applicationAt(String contextPath) {
        for (Application application : applications) {
            if (application.contextPath().equals(contextPath)) {
                return application;
            }
        }
        return null;
    }

    List<String> contextPaths() {
        return applications.stream().map(Application::contextPath).sorted().toList();
    }
}
