package dev.jacorn.runner.config;

import java.util.List;

/** Settings of the "Operations" section: config file, metrics, health, pid file. Registered in {@link Settings#ALL}. */
public final class OperationsSettings {

    private OperationsSettings() {
    }

    static final List<Setting<?>> ALL = List.of();
}
