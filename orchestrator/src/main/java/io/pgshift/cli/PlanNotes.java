package io.pgshift.cli;

import io.pgshift.lint.Finding;
import io.pgshift.lint.Linter;
import io.pgshift.operation.PlaybookNames;
import io.pgshift.plan.Plan;
import io.pgshift.plan.render.BackupTerms;
import io.pgshift.plan.render.ReleaseNotes;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.TableRef;
import io.pgshift.run.TargetPolicy;
import io.pgshift.run.TargetPolicyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code plan --format notes}: gathers what the release note says besides the plan, on the
 * planning (read-only) connection: the backup the target's stored policy requires and the tables
 * it would cover, and lint's findings about data a raw SQL step destroys or rewrites.
 */
final class PlanNotes {
    /** Lint rules whose findings are data at risk (the plan itself names its drops). */
    private static final Set<String> DATA_RULES = Set.of("raw-sql-destructive", "raw-sql-whole-table-write");

    private PlanNotes() {
    }

    static String render(Connection c, Playbook playbook, Plan plan, Linter linter) throws SQLException {
        TargetPolicy policy = TargetPolicyStore.read(c).orElse(TargetPolicy.NONE);
        BackupTerms backups = new BackupTerms(policy.backupRequired(), policy.verifyRestore(), policy.describe(),
                existing(c, playbook));
        List<String> warnings = linter.lint(playbook).findings().stream().filter(f -> DATA_RULES.contains(f.ruleId()))
                .sorted(Finding.BY_LOCATION).map(f -> "`" + f.path() + "`: " + f.message()).toList();
        return new ReleaseNotes().render(playbook, plan, backups, warnings);
    }

    /** The playbook's tables that exist now: those a backup before the run would dump. */
    private static List<String> existing(Connection c, Playbook playbook) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            for (TableRef t : PlaybookNames.tables(playbook)) {
                ps.setString(1, t.sql());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        names.add(t.display());
                    }
                }
            }
        }
        return names;
    }
}
