package io.pgshift.operation;

import io.pgshift.gate.GateCheck;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.Statement.TimeoutClass;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The gate before contract, as the plan shows it: for each constraint, a count of the rows that
 * would violate it, taken under ACCESS SHARE only. At run time the gate counts row checks in
 * resumable key-range chunks ({@link io.pgshift.gate.Gate}); no constraint lock is requested
 * unless every count is zero.
 */
public final class GateOperation implements Operation {
    private final List<GateCheck> checks;

    public GateOperation(List<GateCheck> checks) {
        this.checks = List.copyOf(checks);
    }

    @Override
    public StepKind kind() {
        return StepKind.GATE;
    }

    @Override
    public String summary() {
        return "gate: count " + checks.stream().map(GateCheck::description).collect(Collectors.joining(", "));
    }

    @Override
    public List<Statement> apply() {
        return checks.stream()
                .map(c -> new Statement(c.countQuery(), c.table() == null ? null : c.table().display(),
                        LockMode.ACCESS_SHARE, TableImpact.SCAN, TxMode.TRANSACTION, TimeoutClass.SCAN, null))
                .toList();
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return List.of();
    }
}
