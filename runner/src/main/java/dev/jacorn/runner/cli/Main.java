package dev.jacorn.runner.cli;

import dev.jacorn.runner.exit.ExitCode;
import org.slf4j.LoggerFactory;

/** {@code java -jar runner.jar ...}: runs the command and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // TLS 1.2 lets a client ask for a new handshake at any time, each one costing the server a
        // key exchange: refuse it. The JDK has no per-engine switch, only this property, read once
        // when its first server handshake class loads, so it is set here, before any SSLContext.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        // Read by a --log-config file; must be set before the first logger is created.
        System.setProperty("jacorn.pid", Long.toString(ProcessHandle.current().pid()));
        XnioMBeans.skipRegistration();
        // SLF4J binds to logback here, on this thread, before the prefetch thread can: Undertow's
        // classes ask for loggers as they load, and a binding still in progress on that thread
        // would hand this one SLF4J's stand-in factory, and the logging settings would be skipped
        // (AccessLogIT caught its access lines going to the error log).
        LoggerFactory.getILoggerFactory();
        Prefetch.start();
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
