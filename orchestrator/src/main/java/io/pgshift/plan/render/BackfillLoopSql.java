package io.pgshift.plan.render;

import io.pgshift.backfill.BackfillTarget;
import io.pgshift.backfill.BatchSql;
import io.pgshift.backfill.KeysetBatchSql;
import io.pgshift.backfill.KeysetBatchSql.ParamStyle;
import io.pgshift.backfill.SyncTriggerPass;
import io.pgshift.plan.PlannedStep;
import io.pgshift.playbook.DollarQuote;
import io.pgshift.playbook.Quoting;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A backfill as a PL/pgSQL keyset loop for the SQL script: the same batch statements the workers
 * run (pick the next keys, write their range), committing after every batch (a DO block at top
 * level may COMMIT since PostgreSQL 11). It has none of the workers' pacing, throttling or
 * checkpoints; it is what "by hand" means. Like theirs, its batches pass their sync trigger by.
 */
final class BackfillLoopSql {
    private static final int SCRIPT_BATCH = 1000;

    String render(PlannedStep step) {
        BackfillTarget target = targetOf(step);
        int keys = target.key().size();
        BatchSql first = KeysetBatchSql.build(target, false, false, ParamStyle.NUMBERED);
        String nextPick = KeysetBatchSql.build(target, true, false, ParamStyle.NUMBERED).pick();
        String write = first.write(); // the same for every batch: only the pick depends on the cursor
        String cursorArgs = columns("r.pgshift_k", keys);
        return "DO " + DollarQuote.around("pgshift", "DECLARE\n    r record;\n    n bigint;\nBEGIN\n"
                + "    EXECUTE " + Quoting.literal(first.pick()) + "\n        INTO r USING " + SCRIPT_BATCH + ";\n"
                + "    GET DIAGNOSTICS n = ROW_COUNT;\n"
                + "    WHILE n > 0 LOOP\n"
                + passBy(target)
                + "        EXECUTE " + Quoting.literal(write) + "\n            USING "
                + columns("r.pgshift_f", keys) + ", " + cursorArgs + ";\n"
                + "        COMMIT;\n"
                + "        EXECUTE " + Quoting.literal(nextPick) + "\n            INTO r USING " + cursorArgs + ", " + SCRIPT_BATCH + ";\n"
                + "        GET DIAGNOSTICS n = ROW_COUNT;\n    END LOOP;\nEND") + ";";
    }

    /** Each batch passes its sync trigger by, as the workers' batches do ({@link SyncTriggerPass}). */
    private static String passBy(BackfillTarget target) {
        return target.syncTrigger() == null ? "" : "        PERFORM set_config(" + Quoting.literal(SyncTriggerPass.SETTING)
                + ", " + Quoting.literal(target.syncTrigger()) + ", true);\n";
    }

    private static String columns(String prefix, int keys) {
        return IntStream.rangeClosed(1, keys).mapToObj(i -> prefix + i).collect(Collectors.joining(", "));
    }

    private static BackfillTarget targetOf(PlannedStep step) {
        if (step.backfill() == null) {
            throw new IllegalStateException("backfill step " + step.ordinal() + " has no target");
        }
        return step.backfill().target();
    }
}
