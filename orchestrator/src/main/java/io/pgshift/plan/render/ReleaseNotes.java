package io.pgshift.plan.render;

import io.pgshift.plan.BackfillDetail;
import io.pgshift.plan.DurationText;
import io.pgshift.plan.Phase;
import io.pgshift.plan.Plan;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.Statement;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.Settings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code pgshift plan --format notes}: the playbook's release note in Markdown, for the change
 * ticket and the people on call. Every fact comes from the plan (the same one {@code plan} prints
 * and {@code apply} runs), so the note cannot promise what the run will not do.
 */
public final class ReleaseNotes {
    /** Characters of a statement the locks table shows; the whole SQL is {@code plan --format sql}'s. */
    private static final int SQL_SHOWN = 60;

    /**
     * @param dataWarnings lint's findings about data a step may destroy, one line each
     *                     ({@code expand[0].sql: DROP TABLE x removes data ...}); the plan's own drops come from the plan
     */
    public String render(Playbook playbook, Plan plan, BackupTerms backups, List<String> dataWarnings) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(playbook.name()).append("\n\n");
        if (playbook.description() != null && !playbook.description().isBlank()) {
            out.append(playbook.description().strip()).append("\n\n");
        }
        out.append("Playbook `").append(plan.playbook()).append("` (checksum `").append(plan.checksum(), 0, 12)
                .append("`), planned against database `").append(plan.database()).append("` (PostgreSQL ")
                .append(plan.serverVersion()).append(").\n");
        changes(out, plan);
        locks(out, plan);
        DataAtRisk.render(out, plan, dataWarnings);
        backups(out, backups);
        durations(out, plan);
        RollbackNotes.render(out, plan);
        return out.toString();
    }

    private static void changes(StringBuilder out, Plan plan) {
        out.append("\n## What changes\n");
        for (Phase phase : Phase.values()) {
            List<PlannedStep> steps = plan.phase(phase);
            if (steps.isEmpty()) {
                continue;
            }
            out.append("\n### ").append(title(phase)).append("\n\n");
            Map<String, List<PlannedStep>> byTable = new LinkedHashMap<>();
            steps.forEach(s -> byTable.computeIfAbsent(table(s), t -> new java.util.ArrayList<>()).add(s));
            byTable.forEach((table, ofTable) -> {
                out.append("- ").append(table == null ? "checks" : "`" + table + "`").append('\n');
                ofTable.forEach(s -> out.append("  - ").append(s.summary()).append(" (`").append(s.path()).append("`)")
                        .append(s.present() ? " (already applied: skipped)" : "").append('\n'));
            });
        }
    }

    private static void locks(StringBuilder out, Plan plan) {
        Settings s = plan.settings();
        out.append("\n## Locks, scans and rewrites\n\n");
        out.append("Every statement waits at most ").append(DurationText.format(s.lockTimeout()))
                .append(" for its lock (lock_timeout; retried up to ").append(s.lockRetries().maxAttempts())
                .append(" times) and runs at most ").append(DurationText.format(s.statementTimeout()))
                .append(" (statement_timeout; scans ").append(DurationText.format(s.scanStatementTimeout()))
                .append("). The exact SQL: `pgshift plan --format sql`.\n\n");
        out.append("| Step | Statement | Lock | Blocks | Table access |\n|---|---|---|---|---|\n");
        for (PlannedStep step : plan.steps()) {
            boolean first = true;
            for (Statement st : step.statements()) {
                // the summary once per step: its further statements carry only the step's number
                out.append("| ").append(cell("[" + step.ordinal() + "]" + (first ? " " + step.summary() : ""))).append(" | `")
                        .append(cell(shortSql(st.sql()))).append("` | ").append(st.lock().sqlName())
                        .append(st.table() == null ? "" : " on `" + st.table() + "`")
                        .append(" | ").append(cell(st.lock().blocks())).append(" | ")
                        .append(TextPlanRenderer.impact(st.impact()))
                        .append(st.tx() == TxMode.NO_TRANSACTION ? ", outside a transaction" : "").append(" |\n");
                first = false;
            }
        }
    }

    private static void backups(StringBuilder out, BackupTerms backups) {
        out.append("\n## Backups\n\n");
        String tables = backups.tables().isEmpty() ? "none of the playbook's tables exists yet, so there is nothing to back up"
                : "it covers " + String.join(", ", backups.tables().stream().map(t -> "`" + t + "`").toList());
        if (backups.required()) {
            out.append("The target's policy (").append(backups.policy()).append(") requires a backup before expand")
                    .append(backups.verifyRestore() ? ", its restore verified in a scratch database" : "")
                    .append(": the daemon takes it, `pgshift apply` with `--backup-dir DIR`; ").append(tables)
                    .append(". A failed backup stops the run before anything changes (exit 12).\n");
        } else {
            out.append("The target's policy (").append(backups.policy()).append(") requires no backup. ")
                    .append("`pgshift apply --backup-dir DIR [--verify-restore]` takes one anyway: ").append(tables)
                    .append(".\n");
        }
    }

    private static void durations(StringBuilder out, Plan plan) {
        out.append("\n## Estimated durations\n\n");
        List<PlannedStep> backfills = plan.steps().stream().filter(s -> s.backfill() != null).toList();
        if (backfills.isEmpty()) {
            out.append("No backfill, so no estimate: the other steps take catalog-only locks for an instant, or scan"
                    + " under weak locks for as long as the table's size requires (at most the scan timeout).\n");
            return;
        }
        Duration total = Duration.ZERO;
        for (PlannedStep s : backfills) {
            BackfillDetail d = s.backfill();
            total = total.plus(d.duration());
            out.append(String.format(Locale.ROOT, "- [%d] %s: ~%,d rows in ~%,d batches, ~%s (%s)%n", s.ordinal(),
                    s.summary(), d.rows(), d.batches(), DurationText.format(d.duration()), d.keyDescription()));
        }
        out.append("\nBackfills in all: ~").append(DurationText.format(total))
                .append(" of batches (a schedule's closed windows and pauses come on top).\n");
    }

    static String title(Phase phase) {
        return phase.name().charAt(0) + phase.name().substring(1).toLowerCase(Locale.ROOT);
    }

    /** The table a step is about: that of its first statement naming one; null for a step naming none (the gate's counts). */
    private static String table(PlannedStep step) {
        return step.statements().stream().map(Statement::table).filter(java.util.Objects::nonNull).findFirst()
                .orElse(null);
    }

    /** The statement's start, enough to tell two statements of a step apart: {@code DROP INDEX CONCURRENTLY IF EXISTS …}. */
    private static String shortSql(String sql) {
        String flat = sql.strip().replaceAll("\\s+", " ").replace("`", "'");
        return flat.length() <= SQL_SHOWN ? flat : flat.substring(0, SQL_SHOWN) + "…";
    }

    /** A Markdown table cell: a pipe would end it, a line break would end the row. */
    static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
