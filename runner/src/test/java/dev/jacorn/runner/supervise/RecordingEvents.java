package dev.jacorn.runner.supervise;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A recording fake of the supervisor's observer: every event as one line, in order. */
final class RecordingEvents implements SupervisorEvents {

    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void workerStateChanged(Worker worker, WorkerState from, WorkerState to) {
        lines.add(to + " " + worker.id() + " " + worker.application().name());
    }

    @Override
    public void workerReplaced(Worker worker, String reason) {
        lines.add("replaced " + worker.id() + " " + reason);
    }

    @Override
    public void reloaded(boolean succeeded) {
        lines.add(succeeded ? "reloaded" : "reload failed");
    }

    @Override
    public void requestTimedOut(Worker worker) {
        lines.add("timed out " + worker.id());
    }

    /** The lines that start with {@code prefix}. */
    List<String> starting(String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).toList();
    }
}
