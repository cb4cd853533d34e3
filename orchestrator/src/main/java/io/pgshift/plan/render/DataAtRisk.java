package io.pgshift.plan.render;

import io.pgshift.plan.Plan;
import io.pgshift.plan.PlannedStep;
import io.pgshift.plan.TableImpact;
import java.util.ArrayList;
import java.util.List;

/**
 * The release note's "Data at risk": what the run destroys or may destroy. Drops say their loss in
 * their summary (from the table's statistics); a raw SQL step is only what lint could tell of it.
 */
final class DataAtRisk {
    private DataAtRisk() {
    }

    static void render(StringBuilder out, Plan plan, List<String> dataWarnings) {
        out.append("\n## Data at risk\n\n");
        List<String> lines = new ArrayList<>();
        for (PlannedStep s : plan.steps()) {
            String risk = risk(s);
            if (risk != null && !s.present()) {
                lines.add("- [" + s.ordinal() + "] " + s.summary() + ": " + risk);
            }
        }
        dataWarnings.forEach(w -> lines.add("- " + w));
        if (lines.isEmpty()) {
            out.append("None: nothing is dropped, and no column changes type in place.\n");
            return;
        }
        lines.forEach(l -> out.append(l).append('\n'));
        out.append("\nA rollback does not bring dropped data back: only a backup does (see Backups).\n");
    }

    private static String risk(PlannedStep step) {
        return switch (step.kind()) {
            case DROP_COLUMN, DROP_TABLE -> "dropped for good, not undone by rollback";
            case SWAP_COLUMN -> "the column takes the converted values; the old column keeps the old ones until"
                    + " `pgshift cleanup` drops it, after which the old type cannot come back";
            case RAW_SQL -> unknown(step) ? "raw SQL pgshift does not recognise, and cannot undo: read it" : null;
            default -> null;
        };
    }

    /** What raw SQL pgshift recognises as destroying data, lint says (the data warnings); the rest it cannot tell. */
    private static boolean unknown(PlannedStep step) {
        return step.statements().stream().anyMatch(st -> st.impact() == TableImpact.UNKNOWN);
    }
}
