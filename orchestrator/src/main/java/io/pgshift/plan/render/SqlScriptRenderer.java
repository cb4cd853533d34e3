package io.pgshift.plan.render;

import io.pgshift.plan.DurationText;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Plan;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.Rerun;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.Quoting;
import io.pgshift.playbook.Settings;
import java.time.Duration;

/**
 * The plan as a psql script an operator could run by hand (the "pretend" output). In psql's
 * autocommit mode every statement is its own short transaction; CONCURRENTLY statements are
 * therefore outside any transaction block. Each lock-taking statement is preceded by its
 * timeouts, and every statement is idempotent by itself or guarded by a catalog check
 * ({@code \gexec} runs it only when the guard says the effect is missing), so the script can be
 * re-run after a failure. Backfills become a keyset loop committing every batch.
 *
 * <p>Every comment line passes through {@link CommentText}: playbook text must never reach a
 * new line of the script, where psql would run it. Statements are generated, and the playbook
 * text inside them was checked to be one expression or one statement with no backslash outside
 * quotes ({@link io.pgshift.playbook.SqlExpression}), so none of it reads as a meta-command.
 */
public final class SqlScriptRenderer {
    private final BackfillLoopSql loops = new BackfillLoopSql();

    public String render(Plan plan) {
        StringBuilder out = new StringBuilder();
        Settings s = plan.settings();
        out.append("-- pgshift plan: playbook ").append(CommentText.line(plan.playbook())).append(", checksum ")
                .append(CommentText.line(plan.checksum()))
                .append("\n-- database ").append(CommentText.line(plan.database())).append(", PostgreSQL ")
                .append(CommentText.line(plan.serverVersion()))
                .append("\n-- Run with: psql -X -v ON_ERROR_STOP=1 -f <this file>   (autocommit: do not wrap in BEGIN)\n")
                .append("-- A statement that fails on lock_timeout can simply be re-run: every step is idempotent.\n")
                .append("\\set ON_ERROR_STOP on\n");
        Phase current = null;
        for (PlannedStep step : plan.steps()) {
            if (step.phase() != current) {
                current = step.phase();
                out.append("\n-- ===== ").append(current.yamlName()).append(" =====\n");
            }
            out.append("\n-- [").append(step.ordinal()).append("] ").append(CommentText.line(step.summary()))
                    .append(step.present() ? "   (already applied)" : "").append('\n');
            if (step.kind() == StepKind.RETAIN_SYNC_TRIGGER) {
                out.append("-- nothing to run: the trigger stays for writers that omit the columns. Run by hand, drop it\n"
                        + "-- (trigger, function, fill sequences) once it has filled nothing for a while:"
                        + " see docs/PLAYBOOKS.md\n");
                continue;
            }
            if (step.kind() == StepKind.VERIFY) {
                out.append("-- nothing to run: the gate's count above must equal the expected number; stop here if"
                        + " it does not\n");
                continue;
            }
            if (step.kind() == StepKind.BACKFILL) {
                out.append(timeouts(s.lockTimeout(), s.statementTimeout()));
                out.append(loops.render(step)).append('\n');
                continue;
            }
            for (Statement st : step.statements()) {
                out.append("-- lock: ").append(st.lock().sqlName()).append(st.table() == null ? "" : " on " + CommentText.line(st.table()))
                        .append("; ").append(st.impact().name().toLowerCase(java.util.Locale.ROOT))
                        .append(st.tx() == TxMode.NO_TRANSACTION ? "; outside a transaction" : "").append('\n');
                if (st.rerun() != Rerun.GUARDED) {
                    // the script has no run to record it in: raw SQL runs each time the script does
                    out.append("-- raw SQL without a guard: re-running this script runs it again (pgshift apply: ")
                            .append(CommentText.line(st.rerun().words())).append(")\n");
                }
                Duration timeout = st.timeout() == Statement.TimeoutClass.SCAN ? s.scanStatementTimeout() : s.statementTimeout();
                out.append(timeouts(s.lockTimeout(), timeout));
                out.append(guarded(st)).append('\n');
            }
        }
        out.append("\nRESET lock_timeout;\nRESET statement_timeout;\n");
        return out.toString();
    }

    private static String timeouts(Duration lock, Duration statement) {
        return "SET lock_timeout = " + DurationText.setting(lock) + ";\nSET statement_timeout = "
                + DurationText.setting(statement) + ";\n";
    }

    /** A guarded statement is selected as text and executed by \gexec only when its guard is false. */
    private static String guarded(Statement st) {
        if (st.guard() == null) {
            return st.sql() + ";";
        }
        return "SELECT " + Quoting.literal(st.sql()) + " WHERE NOT (" + st.guard() + ") \\gexec";
    }
}
