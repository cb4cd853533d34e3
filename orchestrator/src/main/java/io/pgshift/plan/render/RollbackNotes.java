package io.pgshift.plan.render;

import io.pgshift.plan.Phase;
import io.pgshift.plan.Plan;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The release note's "Rollback": what {@code pgshift rollback RUN} would do after each phase, from
 * the undo planned with every step (the same statements the rollback runs), in its order: the
 * completed steps in reverse.
 */
final class RollbackNotes {
    /** Statements longer than this are shown by their first line only. */
    private static final int LINES_SHOWN = 12;

    private RollbackNotes() {
    }

    static void render(StringBuilder out, Plan plan) {
        out.append("\n## Rollback\n\n");
        out.append("`pgshift rollback RUN` undoes the steps the run completed, newest first; steps already applied"
                + " before the run are left alone. `--drop-data` also drops the tables and columns the run added.\n");
        List<Phase> phases = new ArrayList<>(List.of(Phase.values()));
        java.util.Collections.reverse(phases);
        for (Phase phase : phases) {
            List<PlannedStep> steps = plan.phase(phase).stream().filter(s -> !s.present() && !s.kind().changesNothing())
                    .sorted(Comparator.comparingInt(PlannedStep::ordinal).reversed()).toList();
            if (steps.isEmpty()) {
                continue;
            }
            out.append("\n### ").append(ReleaseNotes.title(phase)).append("\n\n");
            steps.forEach(s -> step(out, s));
        }
    }

    private static void step(StringBuilder out, PlannedStep step) {
        List<Statement> keep = step.undo().keepData();
        List<Statement> drop = step.undo().dropData();
        out.append("- [").append(step.ordinal()).append("] ").append(step.summary()).append(": ");
        if (keep.isEmpty()) {
            out.append("not undone").append(step.kind().whyNotUndone(false)).append('\n');
        } else {
            out.append("undone by\n");
            sql(out, keep);
        }
        if (!drop.isEmpty() && !drop.equals(keep)) {
            out.append("  with `--drop-data`:\n");
            sql(out, drop);
        }
    }

    private static void sql(StringBuilder out, List<Statement> statements) {
        out.append("  ```sql\n");
        for (Statement st : statements) {
            String[] lines = st.sql().strip().split("\n");
            if (lines.length > LINES_SHOWN) {
                // a swap back is a page of PL/pgSQL: its first line and its size tell the reader enough
                out.append("  ").append(lines[0]).append(" -- ... (").append(lines.length - 1)
                        .append(" more lines, run whole by pgshift rollback)\n");
            } else {
                out.append("  ").append(String.join("\n  ", lines)).append(";\n");
            }
        }
        out.append("  ```\n");
    }
}
