package dev.jacorn.runner.lifecycle;

import java.util.ArrayList;
import java.util.List;

/**
 * Components started in the order given and stopped in the reverse order. When one fails to
 * start, those already started are stopped again (in reverse) before the failure is thrown, and
 * anything their stops threw is attached to it as suppressed. A stop goes through every
 * component even when some throw: the first failure is thrown, the others are suppressed on it.
 *
 * <p>A component that is already STARTED when the list starts is counted as started by the list
 * (and stopped by it) rather than started again, as Jetty's container does with a started bean.
 */
public final class LifeCycleList extends AbstractLifeCycle {

    private final String name;
    private final List<LifeCycle> components;
    private final List<LifeCycle> started = new ArrayList<>();

    public LifeCycleList(String name, List<? extends LifeCycle> components) {
        this.name = name;
        this.components = List.copyOf(components);
    }

    public LifeCycleList(String name, LifeCycle... components) {
        this(name, List.of(components));
    }

    /**
     * Starts every component in order; on a failure, stops those already started (in reverse) and
     * throws the failure with their stop failures suppressed. The static form of the list's start,
     * for a set of components that is not a list of its own (a generation of workers).
     */
    public static void startAll(List<? extends LifeCycle> components) {
        List<LifeCycle> done = new ArrayList<>();
        try {
            for (LifeCycle component : components) {
                if (component.lifeCycleState() != State.STARTED) {
                    component.start();
                }
                done.add(component);
            }
        } catch (RuntimeException | Error e) {
            stopAllQuietly(done, e);
            throw e;
        }
    }

    /** Stops every component in reverse order; the first failure is thrown with the later ones suppressed. */
    public static void stopAll(List<? extends LifeCycle> components) {
        RuntimeException first = null;
        for (int i = components.size() - 1; i >= 0; i--) {
            try {
                components.get(i).stop();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private static void stopAllQuietly(List<LifeCycle> components, Throwable failure) {
        try {
            stopAll(components);
        } catch (RuntimeException secondary) {
            failure.addSuppressed(secondary);
            for (Throwable more : secondary.getSuppressed()) {
                failure.addSuppressed(more);
            }
        }
    }

    /**
     * Start the list; run {@code body}; finally stop the list, however the start or the body
     * ended. When the start or the body failed, a failure of the stop is attached to that failure
     * as suppressed instead of replacing it.
     */
    public void run(Runnable body) {
        try {
            start();
            body.run();
        } catch (RuntimeException | Error e) {
            try {
                stop();
            } catch (RuntimeException secondary) {
                e.addSuppressed(secondary);
            }
            throw e;
        }
        stop();
    }

    @Override
    protected void doStart() {
        for (LifeCycle component : components) {
            try {
                if (component.lifeCycleState() != State.STARTED) {
                    component.start();
                }
                started.add(component);
            } catch (RuntimeException | Error e) {
                // The component cleaned up after itself; make sure a FAILED one ends STOPPED too.
                started.add(component);
                throw e;
            }
        }
    }

    @Override
    protected void doStop() {
        List<LifeCycle> stopping = List.copyOf(started);
        started.clear();
        stopAll(stopping);
    }

    public List<LifeCycle> components() {
        return components;
    }

    @Override
    public String lifeCycleName() {
        return name;
    }
}
