package dev.jacorn.runner.lifecycle;

/**
 * Something that starts and stops: a listener, the admin listener, the watchdog, the file
 * watcher, telemetry, a worker, the arbiter. The contract follows Jetty's:
 *
 * <pre>
 *   NEW --start()--> STARTING --ok--> STARTED --stop()--> STOPPING --> STOPPED
 *                        |                                   ^
 *                        +--threw--> FAILED --stop()---------+
 * </pre>
 *
 * <ul>
 *   <li>{@link #start} is called once; starting a component that is not NEW throws
 *       {@link IllegalStateException} (a start twice, a start after a stop, a start from inside
 *       its own start).
 *   <li>A start that throws leaves the component FAILED, having released whatever it took; the
 *       caller still calls {@link #stop}, which is then harmless.
 *   <li>{@link #stop} is harmless on a component that is NEW, FAILED or already STOPPED, and may
 *       throw only after it released everything it could; the first failure is thrown and any
 *       later one is attached to it as suppressed.
 * </ul>
 *
 * <p>{@link LifeCycleList} starts several in order and stops them in reverse.
 */
public interface LifeCycle {

    /** The states a component moves through, in order. */
    enum State {
        NEW, STARTING, STARTED, STOPPING, STOPPED, FAILED
    }

    /**
     * Starts the component.
     *
     * @throws IllegalStateException when the component is not NEW
     * @throws RuntimeException what the component's start threw; the component is then FAILED
     */
    void start();

    /** Stops the component and releases what it holds. Harmless when it never started or already stopped. */
    void stop();

    /** Where the component is in its life; any thread. */
    State lifeCycleState();

    /** A short name for logs and failure messages, e.g. {@code listeners}. */
    default String lifeCycleName() {
        return getClass().getSimpleName();
    }
}
