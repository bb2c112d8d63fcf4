package dev.jacorn.runner.config;

/** The groups settings are listed under in {@code --help}, {@code --print-config} and the reference. */
public enum Section {
    APPLICATION("Application"),
    SERVER("Server socket"),
    WORKERS("Worker processes"),
    SESSIONS("Sessions"),
    LOGGING("Logging"),
    OPERATIONS("Operations");

    private final String title;

    Section(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
