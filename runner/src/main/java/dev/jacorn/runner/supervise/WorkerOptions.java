package dev.jacorn.runner.supervise;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The settings the supervisor reads, taken from the resolved configuration by the composition root
 * (again on every reload).
 *
 * @param workers instances of each application
 * @param threads request threads per worker (ignored by {@link WorkerClass#VIRTUAL})
 * @param workerClass how a worker runs its requests
 * @param timeout longest a request may run; zero turns the watchdog off
 * @param gracefulTimeout how long draining may take before requests are cut
 * @param maxRequests requests after which a worker is recycled; zero never recycles
 * @param maxRequestsJitter random extra requests (0 to this) added to each worker's limit
 * @param tempDir scratch space for the workers (multipart uploads)
 */
public record WorkerOptions(int workers, int threads, WorkerClass workerClass, Duration timeout,
        Duration gracefulTimeout, int maxRequests, int maxRequestsJitter, Path tempDir) {

    /** The foundation's shape: platform threads, no recycling. */
    public WorkerOptions(int workers, int threads, Duration timeout, Duration gracefulTimeout, Path tempDir) {
        this(workers, threads, WorkerClass.THREAD, timeout, gracefulTimeout, 0, 0, tempDir);
    }

    /** A worker's request limit: {@code maxRequests} plus a random 0..jitter, or 0 (no limit). */
    long requestLimit(java.util.random.RandomGenerator random) {
        if (maxRequests == 0) {
            return 0;
        }
        return maxRequests + (maxRequestsJitter == 0 ? 0 : random.nextInt(maxRequestsJitter + 1));
    }
}
