package dev.jacorn.runner.supervise;

import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns POSIX signals into arbiter commands. The handler only logs and enqueues; it never acts.
 * Uses {@code sun.misc.Signal} (module jdk.unsupported), the only way a JVM can take over
 * SIGTERM, SIGHUP and friends from the default shutdown-hook behaviour.
 */
public final class Signals {

    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    /** Installs the handlers; a signal the platform refuses is logged at debug and skipped. */
    public static void install(Consumer<Command> submit) {
        handle("TERM", () -> submit.accept(Command.SHUTDOWN_GRACEFULLY));
        handle("INT", () -> submit.accept(Command.SHUTDOWN_QUICKLY));
        handle("HUP", () -> submit.accept(Command.RELOAD));
        handle("TTIN", () -> submit.accept(Command.ADD_WORKER));
        handle("TTOU", () -> submit.accept(Command.REMOVE_WORKER));
    }

    private static void handle(String name, Runnable action) {
        try {
            SignalHandler previous = Signal.handle(new Signal(name), signal -> {
                LOG.info("Handling signal: {}", name.toLowerCase(Locale.ROOT));
                action.run();
            });
            if (previous == SignalHandler.SIG_IGN) {
                warnIgnored(name);
            }
        } catch (IllegalArgumentException e) {
            LOG.debug("Signal {} cannot be handled on this platform: {}", name, e.getMessage());
        }
    }

    /**
     * The JVM keeps HUP, INT and TERM ignored when the process inherited them ignored (nohup, or
     * a shell that starts background jobs with INT ignored) and installs no handler: say so.
     */
    private static void warnIgnored(String name) {
        switch (name) {
            case "HUP" -> LOG.warn("SIGHUP was ignored when Jacorn started (nohup?), so kill -HUP cannot reload it;"
                    + " start it without nohup (under systemd, a container, or setsid), or use --reload");
            case "TERM" -> LOG.warn("SIGTERM was ignored when Jacorn started, so kill cannot stop it gracefully;"
                    + " start it from a process that does not ignore SIGTERM");
            default -> LOG.debug("SIG{} was ignored when Jacorn started and stays ignored", name);
        }
    }
}
