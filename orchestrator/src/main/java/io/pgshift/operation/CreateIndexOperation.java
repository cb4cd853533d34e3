package io.pgshift.operation;

import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.CreateIndex;
import io.pgshift.playbook.Sql;
import java.util.List;

/**
 * {@code create_index}: always CONCURRENTLY, so writes continue during the build. A failed
 * concurrent build leaves an INVALID index behind; it is dropped first, then rebuilt.
 */
public final class CreateIndexOperation implements Operation {
    private final CreateIndex spec;

    public CreateIndexOperation(CreateIndex spec) {
        this.spec = spec;
    }

    @Override
    public StepKind kind() {
        return StepKind.CREATE_INDEX;
    }

    @Override
    public String summary() {
        return "create " + (spec.unique() ? "unique " : "") + "index " + spec.name() + " on "
                + spec.table().display() + " (" + String.join(", ", spec.columns()) + ")";
    }

    @Override
    public List<Statement> apply() {
        String using = spec.using() == null || spec.using().equals("btree") ? "" : " USING " + spec.using();
        String sql = "CREATE " + (spec.unique() ? "UNIQUE " : "") + "INDEX CONCURRENTLY IF NOT EXISTS "
                + Sql.ident(spec.name()) + " ON " + spec.table().sql() + using + " (" + Sql.idents(spec.columns()) + ")"
                + (spec.where() == null ? "" : " WHERE " + spec.where());
        return List.of(Statements.dropInvalidIndex(spec.table(), spec.name()),
                Statements.buildIndexConcurrently(sql, spec.table(), null));
    }

    @Override
    public List<Statement> rollback(boolean dropData) {
        return List.of(Statements.dropIndex(spec.table(), spec.name()));
    }
}
