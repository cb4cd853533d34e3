package io.pgshift.lint.rules;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.playbook.Playbook;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code contract-old-inserts-need-trigger}: set_not_null, or add_check naming the column, on a
 * column this playbook adds without a default, when no set_default comes first and only the
 * {@code keep_in_sync} trigger of a backfill fills it for the running application's INSERTs. The
 * tightening is safe, but the trigger must then outlive contract (pgshift retains it) until every
 * writer sets the column itself; a trigger filtered by {@code where} leaves other rows NULL.
 */
public final class ContractOldInsertsNeedTriggerRule implements LintRule {
    @Override
    public String id() {
        return "contract-old-inserts-need-trigger";
    }

    @Override
    public Severity severity() {
        return Severity.WARNING;
    }

    @Override
    public String description() {
        return "set_not_null or add_check on a column the playbook adds without a default, that only a "
                + "keep_in_sync trigger fills for the running application's INSERTs (the trigger is retained).";
    }

    @Override
    public List<Finding> check(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        for (OmittedColumn o : OmittedColumn.of(playbook)) {
            List<Integer> synced = o.syncedBy(playbook);
            if (!synced.isEmpty()) {
                findings.add(finding(playbook, o.path(), message(playbook, o, synced), hint(o)));
            }
        }
        return findings;
    }

    private static String message(Playbook playbook, OmittedColumn o, List<Integer> synced) {
        String triggers = synced.stream().map(Paths::backfill).collect(Collectors.joining(", "));
        boolean filtered = synced.stream().allMatch(b -> ColumnFacts.filtered(playbook.backfill().get(b)));
        return "INSERTs that omit " + o.subject() + " are filled only by the keep_in_sync trigger of " + triggers
                + ": the trigger will be retained after contract until writers set the column"
                + (filtered ? "; it fills only rows matching its where filter, other INSERTs that omit the column "
                        + (o.isCheck() ? "get NULL" : "fail") : "");
    }

    private static String hint(OmittedColumn o) {
        String deploy = "deploy the application version that writes " + o.subject() + "; pgshift cleanup RUN drops "
                + "the trigger once it has filled nothing for settings.sync_quiet_period";
        return o.lateDefaultPath() == null
                ? deploy + "; or put a set_default of the column before this step, so that writers omitting it get "
                        + "the default instead"
                : "move " + o.lateDefaultPath() + " before this step, so that writers omitting the column get the "
                        + "default instead of relying on the trigger; otherwise " + deploy;
    }
}
