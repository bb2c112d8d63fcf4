package dev.jacorn.runner;

import dev.jacorn.runner.cli.JacornCommand;

/** {@code java -jar runner.jar ...}: runs the command and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Prefetch.start();
        // Read by the logback configuration; must be set before the first logger is created.
        System.setProperty("jacorn.pid", Long.toString(ProcessHandle.current().pid()));
        int code;
        try {
            code = new JacornCommand(System.out, System.err, System.getenv()).run(args);
        } catch (Throwable unexpected) {
            // A failure nobody turned into a message (a bug, or an Error such as a class missing
            // from a runner.jar replaced under the running process): say so and exit, rather than
            // leave the listener threads holding the JVM open with nobody serving.
            System.err.println("Error: jacorn stopped on an unexpected failure; please report it with the trace below.");
            unexpected.printStackTrace();
            code = ExitCode.ERROR.code();
        }
        System.exit(code);
    }
}
