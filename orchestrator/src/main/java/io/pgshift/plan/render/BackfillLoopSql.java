package io.pgshift.plan.render;

import io.pgshift.backfill.BackfillTarget;
import io.pgshift.backfill.KeysetBatchSql;
import io.pgshift.backfill.KeysetBatchSql.ParamStyle;
import io.pgshift.plan.PlannedStep;
import io.pgshift.playbook.DollarQuote;
import io.pgshift.playbook.Quoting;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A backfill as a PL/pgSQL keyset loop for the SQL script: the same batch statement the workers
 * run, committing after every batch (a DO block at top level may COMMIT since PostgreSQL 11).
 * It has none of the workers' pacing, throttling or checkpoints; it is what "by hand" means.
 */
final class BackfillLoopSql {
    private static final int SCRIPT_BATCH = 1000;

    String render(PlannedStep step) {
        BackfillTarget target = targetOf(step);
        int keys = target.key().size();
        String first = KeysetBatchSql.build(target, false, false, ParamStyle.NUMBERED);
        String next = KeysetBatchSql.build(target, true, false, ParamStyle.NUMBERED);
        String cursorArgs = IntStream.rangeClosed(1, keys).mapToObj(i -> "r.pgshift_k" + i)
                .collect(Collectors.joining(", "));
        return "DO " + DollarQuote.around("pgshift", "DECLARE\n    r record;\n    n bigint;\nBEGIN\n"
                + "    EXECUTE " + Quoting.literal(first) + "\n        INTO r USING " + SCRIPT_BATCH + ";\n"
                + "    GET DIAGNOSTICS n = ROW_COUNT;\n"
                + "    WHILE n > 0 LOOP\n        COMMIT;\n"
                + "        EXECUTE " + Quoting.literal(next) + "\n            INTO r USING " + cursorArgs + ", " + SCRIPT_BATCH + ";\n"
                + "        GET DIAGNOSTICS n = ROW_COUNT;\n    END LOOP;\nEND") + ";";
    }

    private static BackfillTarget targetOf(PlannedStep step) {
        if (step.backfill() == null) {
            throw new IllegalStateException("backfill step " + step.ordinal() + " has no target");
        }
        return step.backfill().target();
    }
}
