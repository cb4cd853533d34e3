package io.pgshift.audit;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a statement the engine ran was part of, recorded as {@code phase} in its
 * STATEMENT_EXECUTED, _SKIPPED and _RETRIED audit rows: a plan phase, or the undo or cleanup
 * that came after. It is the {@code phase} tag of the statement metrics, a tag of a few values
 * where the step path would be one per step.
 */
public enum StatementPhase {
    EXPAND, BACKFILL, CONTRACT, ROLLBACK, CLEANUP;

    /** The word stored in the audit row and used as the metric tag. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The phase an audit row's {@code phase} detail names; null for anything else (an older row has none). */
    public static StatementPhase fromDetail(Object detail) {
        return Arrays.stream(values()).filter(p -> p.word().equals(detail)).findFirst().orElse(null);
    }
}
