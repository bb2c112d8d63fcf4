package dev.jacorn.runner.observe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGUSR1 reopens the log files, for logrotate. The reopen runs on the JVM's signal thread: it is
 * a few file opens under logback's own locks and touches no worker, so it needs no trip through
 * the arbiter. Where the JVM refuses USR1 (some platforms reserve it for the VM),
 * a warning says so and logrotate's {@code copytruncate} is the alternative.
 */
public final class LogReopener {

    private static final Logger LOG = LoggerFactory.getLogger(LogReopener.class);

    private LogReopener() {
    }

    /** Installs the handler; a refusal is logged, never thrown. */
    public static void install(LogFiles files) {
        install(files, "USR1");
    }

    static void install(LogFiles files, String signalName) {
        try {
            Signal.handle(new Signal(signalName), signal -> {
                LOG.info("Handling signal: usr1");
                files.reopen();
            });
        } catch (IllegalArgumentException e) {
            LOG.warn("SIG{} cannot be handled by this JVM ({}); log files will not be reopened on {}, use"
                    + " logrotate's copytruncate instead", signalName, e.getMessage(), signalName);
        }
    }
}
