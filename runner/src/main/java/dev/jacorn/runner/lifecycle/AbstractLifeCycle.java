package dev.jacorn.runner.lifecycle;

/**
 * The {@link LifeCycle} state machine, written once: subclasses give {@link #doStart} and
 * {@link #doStop}; {@link #start} and {@link #stop} are final and keep the state.
 *
 * <p>Thread-safety: {@code start} and {@code stop} are synchronized on the component, so a stop
 * from a shutdown path waits for a start in progress on another thread instead of racing it; the
 * state is volatile and may be read from any thread.
 */
public abstract class AbstractLifeCycle implements LifeCycle {

    private volatile State state = State.NEW;

    @Override
    public final synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("cannot start " + lifeCycleName() + ": it is " + state
                    + " (a component starts once)");
        }
        state = State.STARTING;
        try {
            doStart();
        } catch (RuntimeException | Error e) {
            state = State.FAILED;
            try {
                doStop();
            } catch (RuntimeException secondary) {
                e.addSuppressed(secondary);
            }
            throw e;
        }
        state = State.STARTED;
    }

    @Override
    public final synchronized void stop() {
        switch (state) {
            case NEW, STOPPED -> state = State.STOPPED;
            case FAILED -> state = State.STOPPED;
            case STARTED -> {
                state = State.STOPPING;
                try {
                    doStop();
                } finally {
                    state = State.STOPPED;
                }
            }
            case STARTING, STOPPING -> throw new IllegalStateException("cannot stop " + lifeCycleName()
                    + " from inside its own " + (state == State.STARTING ? "start" : "stop"));
        }
    }

    @Override
    public final State lifeCycleState() {
        return state;
    }

    public final boolean isStarted() {
        return state == State.STARTED;
    }

    /**
     * Takes whatever the component holds (sockets, threads). A failure is thrown as it is;
     * {@link #doStop} is then called to release what was taken before the failure, so it must
     * cope with a partial start.
     */
    protected abstract void doStart();

    /** Releases what {@link #doStart} took; must cope with a start that failed part-way. */
    protected abstract void doStop();
}
