package io.pgshift.backfill;

/** A state change that the transition table does not allow, e.g. resuming a cancelled backfill. */
public final class IllegalStateTransitionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public IllegalStateTransitionException(String what, String from, String to) {
        super("a " + what + " in state " + from + " cannot move to " + to);
    }
}
