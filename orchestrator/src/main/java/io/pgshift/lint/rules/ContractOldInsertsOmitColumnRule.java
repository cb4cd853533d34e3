package io.pgshift.lint.rules;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.Playbook;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code contract-old-inserts-omit-column}: set_not_null, or add_check naming the column, on a
 * column this playbook adds without a default, when no set_default comes first and no backfill of
 * the column has {@code keep_in_sync: true}. The application version still running during the
 * deploy never names the column: after contract its INSERTs fail, or (for a check that lets NULL
 * through) its rows silently lack the value. A set_not_null that nothing fills at all is left to
 * {@code contract-uncovered-column}: the gate stops that run before contract.
 */
public final class ContractOldInsertsOmitColumnRule implements LintRule {
    @Override
    public String id() {
        return "contract-old-inserts-omit-column";
    }

    @Override
    public Severity severity() {
        return Severity.ERROR;
    }

    @Override
    public String description() {
        return "set_not_null or add_check on a column the playbook adds without a default, that neither a "
                + "set_default before it nor a keep_in_sync trigger fills for the running application's INSERTs.";
    }

    @Override
    public List<Finding> check(Playbook playbook) {
        List<Finding> findings = new ArrayList<>();
        for (OmittedColumn o : OmittedColumn.of(playbook)) {
            boolean uncovered = !o.isCheck() && o.facts().backfills().isEmpty();
            if (o.syncedBy(playbook).isEmpty() && !uncovered) {
                findings.add(finding(playbook, o.path(), message(o), hint(o)));
            }
        }
        return findings;
    }

    private static String message(OmittedColumn o) {
        String why = "the application version still running does not name it, expand[" + o.facts().addIndex()
                + "] adds it without a default, no backfill keeps it in sync"
                + (o.lateDefaultPath() == null ? "" : " and " + o.lateDefaultPath() + " comes only after this step");
        if (o.step() instanceof AddCheck c) {
            return "rows the running application inserts get NULL in " + o.subject() + " (" + why + "), which check "
                    + c.name() + " either rejects (failed INSERTs) or lets through (rows silently missing the value)";
        }
        return "INSERTs that omit " + o.subject() + " fail after contract: " + why;
    }

    private static String hint(OmittedColumn o) {
        String setDefault = o.lateDefaultPath() == null
                ? "put set_default: {table: " + o.step().table() + ", column: " + o.column() + ", default: ...} before "
                        + "this step"
                : "move " + o.lateDefaultPath() + " before this step (between the two, INSERTs that omit the column "
                        + (o.isCheck() ? "get NULL" : "fail") + ")";
        String sync = o.facts().backfills().isEmpty()
                ? "add a backfill of " + o.column() + " with keep_in_sync: true"
                : "add keep_in_sync: true to backfill[" + o.facts().backfills().get(0) + "]";
        String trigger = sync + " (its trigger fills the column for writers that omit it)";
        String deploy = "deploy the application version that writes the column before contract "
                + "(settings.hold_before_contract: true holds the run there)";
        return o.lateDefaultPath() == null ? trigger + "; or " + setDefault + "; or " + deploy
                : setDefault + "; or " + trigger + "; or " + deploy;
    }
}
