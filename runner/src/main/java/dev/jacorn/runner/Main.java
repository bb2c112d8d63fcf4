package dev.jacorn.runner;

import dev.jacorn.runner.cli.JacornCommand;

/** {@code java -jar runner.jar ...}: runs the command and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // Read by the logback configuration; must be set before the first logger is created.
        System.setProperty("jacorn.pid", Long.toString(ProcessHandle.current().pid()));
        int code = new JacornCommand(System.out, System.err, System.getenv()).run(args);
        System.exit(code);
    }
}
