package io.pgshift.plan;

/**
 * What makes it safe for a statement to be reached again. A step found RUNNING after a crash runs
 * again from its first statement, and a statement whose connection was lost is retried, possibly
 * after its transaction committed (the acknowledgement is what was lost).
 */
public enum Rerun {
    /** Idempotent by itself ({@code IF NOT EXISTS}), or skipped by its guard once its effect is present. */
    GUARDED(null),
    /**
     * At most once per run: a marker row commits in the statement's own transaction, and the
     * statement is skipped once the row is there (raw SQL in a transaction: nothing else could
     * tell whether it ran).
     */
    ONCE_PER_RUN("at most once per run"),
    /**
     * Run again as written: it cannot run in a transaction, so nothing can commit with it, and the
     * playbook declares that running it twice is harmless ({@code idempotent: true}).
     */
    DECLARED_IDEMPOTENT("runs again after a crash: declared idempotent");

    private final String words;

    Rerun(String words) {
        this.words = words;
    }

    /** How a plan names it to people; null for {@link #GUARDED}, which every other statement is. */
    public String words() {
        return words;
    }
}
