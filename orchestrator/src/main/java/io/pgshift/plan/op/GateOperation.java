package io.pgshift.plan.op;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.Statement.TimeoutClass;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.AddForeignKey;
import io.pgshift.playbook.AddUnique;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.SetDefault;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.Sql;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The gate before contract: for each constraint, a count of the rows that would violate it
 * (NULLs, duplicates, orphans, failing checks), taken under ACCESS SHARE only. No constraint
 * lock is requested unless every count is zero.
 */
public final class GateOperation implements Operation {
    private final List<ContractStep> contract;

    public GateOperation(List<ContractStep> contract) {
        this.contract = List.copyOf(contract);
    }

    @Override
    public StepKind kind() {
        return StepKind.GATE;
    }

    @Override
    public String summary() {
        return "gate: count rows violating " + contract.stream().map(GateOperation::describe)
                .flatMap(Optional::stream).collect(Collectors.joining(", "));
    }

    @Override
    public List<Statement> apply() {
        return contract.stream().map(GateOperation::violations).flatMap(Optional::stream)
                .map(sql -> new Statement(sql, null, LockMode.ACCESS_SHARE, TableImpact.SCAN, TxMode.TRANSACTION,
                        TimeoutClass.SCAN, null))
                .toList();
    }

    /** The query counting violators of one contract step; empty for steps that cannot be violated. */
    public static Optional<String> violations(ContractStep step) {
        if (step instanceof SetNotNull s) {
            return Optional.of("SELECT count(*) FROM " + s.table().sql() + " WHERE " + Sql.ident(s.column()) + " IS NULL");
        }
        if (step instanceof AddUnique u) {
            String cols = Sql.idents(u.columns());
            String notNull = u.columns().stream().map(c -> Sql.ident(c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
            return Optional.of("SELECT count(*) FROM (SELECT " + cols + " FROM " + u.table().sql() + " WHERE " + notNull
                    + " GROUP BY " + cols + " HAVING count(*) > 1) AS duplicates");
        }
        if (step instanceof AddForeignKey f) {
            String notNull = f.columns().stream().map(c -> "t." + Sql.ident(c) + " IS NOT NULL")
                    .collect(Collectors.joining(" AND "));
            StringBuilder match = new StringBuilder();
            for (int i = 0; i < f.columns().size(); i++) {
                match.append(i == 0 ? "" : " AND ").append("r.").append(Sql.ident(f.referencedColumns().get(i)))
                        .append(" = t.").append(Sql.ident(f.columns().get(i)));
            }
            return Optional.of("SELECT count(*) FROM " + f.table().sql() + " AS t WHERE " + notNull
                    + " AND NOT EXISTS (SELECT 1 FROM " + f.referencedTable().sql() + " AS r WHERE " + match + ")");
        }
        if (step instanceof AddCheck c) {
            return Optional.of("SELECT count(*) FROM " + c.table().sql() + " WHERE NOT (" + c.check() + ")");
        }
        if (step instanceof SetDefault) {
            return Optional.empty();
        }
        throw new IllegalArgumentException("no gate query for " + step.kind());
    }

    private static Optional<String> describe(ContractStep step) {
        if (step instanceof SetNotNull s) {
            return Optional.of("NULLs in " + s.table().display() + "." + s.column());
        }
        if (step instanceof AddUnique u) {
            return Optional.of("duplicates in " + u.table().display() + " (" + String.join(", ", u.columns()) + ")");
        }
        if (step instanceof AddForeignKey f) {
            return Optional.of("orphans in " + f.table().display() + " (" + String.join(", ", f.columns()) + ")");
        }
        if (step instanceof AddCheck c) {
            return Optional.of("check " + c.name());
        }
        return Optional.empty();
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return List.of();
    }
}
