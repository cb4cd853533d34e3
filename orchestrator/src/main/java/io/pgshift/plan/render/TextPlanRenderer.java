package io.pgshift.plan.render;

import io.pgshift.plan.BackfillDetail;
import io.pgshift.plan.DurationText;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Plan;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.Statement;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.Settings;
import java.util.Locale;

/** The plan for people: per phase, each step with its SQL, the lock it takes, and what it scans or rewrites. */
public final class TextPlanRenderer {
    public String render(Plan plan) {
        StringBuilder out = new StringBuilder();
        Settings s = plan.settings();
        out.append("Plan for playbook ").append(plan.playbook()).append(" (checksum ")
                .append(plan.checksum(), 0, 12).append(") on database ").append(plan.database())
                .append(" (PostgreSQL ").append(plan.serverVersion()).append(")\n");
        out.append("Every statement runs under lock_timeout ").append(DurationText.format(s.lockTimeout()))
                .append(", statement_timeout ").append(DurationText.format(s.statementTimeout()))
                .append(" (scans: ").append(DurationText.format(s.scanStatementTimeout()))
                .append("); lock timeouts retried up to ").append(s.lockRetries().maxAttempts())
                .append(" times, backoff ").append(DurationText.format(s.lockRetries().initialBackoff())).append("..")
                .append(DurationText.format(s.lockRetries().maxBackoff())).append(".\n");
        for (Phase phase : Phase.values()) {
            var steps = plan.phase(phase);
            if (steps.isEmpty()) {
                continue;
            }
            out.append('\n').append(phase.name()).append('\n');
            steps.forEach(step -> step(out, step));
        }
        return out.toString();
    }

    private static void step(StringBuilder out, PlannedStep step) {
        out.append("  [").append(step.ordinal()).append("] ").append(step.summary())
                .append("   (").append(step.path()).append(")");
        if (step.present()) {
            out.append("   already applied: will be skipped");
        }
        out.append('\n');
        if (step.backfill() != null) {
            out.append("      ").append(estimate(step.backfill())).append('\n');
        }
        for (Statement st : step.statements()) {
            out.append("      lock ").append(st.lock().sqlName()).append(st.table() == null ? "" : " on " + st.table())
                    .append(" (blocks ").append(st.lock().blocks()).append(") · ").append(impact(st.impact()))
                    .append(st.tx() == TxMode.NO_TRANSACTION ? " · outside a transaction" : "")
                    .append(st.rerun().words() == null ? "" : " · " + st.rerun().words()).append('\n');
            out.append(indent(st.sql(), "        ")).append('\n');
        }
    }

    static String impact(TableImpact impact) {
        return switch (impact) {
            case METADATA -> "catalog only, no scan, no rewrite";
            case SCAN -> "scans the table";
            case ROWS -> "writes rows in batches";
            case REWRITE -> "REWRITES the table";
            case UNKNOWN -> "effect unknown";
        };
    }

    private static String estimate(BackfillDetail d) {
        return String.format(Locale.ROOT, "estimate: ~%,d rows in ~%,d batches, ~%s; %s", d.rows(), d.batches(),
                DurationText.format(d.duration()), d.keyDescription());
    }

    private static String indent(String text, String prefix) {
        return prefix + text.replace("\n", "\n" + prefix);
    }
}
