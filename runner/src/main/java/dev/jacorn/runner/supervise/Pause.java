package dev.jacorn.runner.supervise;

/** The short sleep of the supervisor's bounded waits; an interrupt ends it and is kept. */
final class Pause {

    private Pause() {
    }

    static void briefly() {
        millis(10);
    }

    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
