package io.pgshift.console;

import org.slf4j.Logger;

/**
 * The log of a task repeated on a schedule (a daemon's watch, a metrics read): a failure is logged
 * at WARN once per distinct message, not at every look while the database stays away, and the
 * first success after it at INFO. Not thread-safe: one scheduled task owns it.
 */
public final class RepeatedFailureLog {
    private final Logger log;
    private final String task;
    private String lastError;

    /** {@code task}: what is repeated, as the log names it ("target t: looking for runs without a driver"). */
    public RepeatedFailureLog(Logger log, String task) {
        this.log = log;
        this.task = task;
    }

    /** The look failed; {@code meanwhile}: what happens until the next ("looking again in 15 s"). */
    public void failed(Exception e, String meanwhile) {
        String message = String.valueOf(e.getMessage());
        if (!message.equals(lastError)) {
            log.warn("{} fails ({}): {}", task, meanwhile, message, e);
        }
        lastError = message;
    }

    /** The look worked: says so once if it had failed. */
    public void worked() {
        if (lastError != null) {
            log.info("{} works again", task);
            lastError = null;
        }
    }
}
