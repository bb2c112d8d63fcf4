package dev.jacorn.runner.supervise;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The settings the supervisor reads, taken from the resolved configuration by the composition root.
 *
 * @param workers instances of each application
 * @param threads request threads per worker
 * @param timeout longest a request may run; zero turns the watchdog off
 * @param gracefulTimeout how long draining may take before requests are cut
 * @param tempDir scratch space for the workers (multipart uploads)
 */
public record WorkerSettings(int workers, int threads, Duration timeout, Duration gracefulTimeout, Path tempDir) {
}
