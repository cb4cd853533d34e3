package io.pgshift.backfill;

/**
 * How a backfill's batches pass by the trigger that keeps its columns in sync. The trigger
 * computes, for each row the application writes, the values the backfill writes; on the batch's
 * own rows it would compute them a second time, and a BEFORE trigger's call costs more than the
 * row's update (2,000,000 rows: 7.2 s without the trigger, 10.0 s with it; docs/BENCHMARKS.md). So
 * the trigger fires only {@link #when(String) when} the transaction has not set {@link #SETTING} to
 * its name, and each batch transaction sets it ({@link BatchLocals}). Only the backfill's own
 * trigger: another backfill's trigger on the same table still fires on the batch's rows.
 *
 * <p>On the batch's rows the trigger would change nothing: the batch writes only rows whose value
 * differs, so each column it writes changed and the trigger leaves it alone; a column of the same
 * backfill the batch did not change already holds its value. (Were one of a backfill's expressions
 * to read another column of the same backfill, the trigger would recompute it from the new value
 * where the batch computed it from the old: the batch's row keeps what its statement computed.)
 */
public final class SyncTriggerPass {
    /** The transaction-local setting naming the trigger the transaction's rows pass by. */
    public static final String SETTING = "pgshift.batch_of";

    private SyncTriggerPass() {
    }

    /** The trigger's {@code WHEN} clause: it fires unless the transaction is a batch passing it by. */
    public static String when(String trigger) {
        return "WHEN (pg_catalog.current_setting('" + SETTING + "', true) IS DISTINCT FROM '"
                + trigger.replace("'", "''") + "')";
    }
}
