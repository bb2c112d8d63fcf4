package dev.jacorn.runner.supervise;

/** The pause between two looks of a polling thread (watchdog, file watcher); an interrupt ends it and is kept. */
final class Pause {

    private Pause() {
    }

    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
