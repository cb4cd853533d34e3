package io.pgshift.operation;

import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.AddForeignKey;
import io.pgshift.playbook.AddUnique;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.CreateIndex;
import io.pgshift.playbook.CreateTable;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.RawSql;
import io.pgshift.playbook.SetDefault;
import io.pgshift.playbook.SetNotNull;
import java.util.function.Function;

/**
 * The one place a playbook step becomes an operation. Java 17 has no pattern switch, so
 * {@code OperationsTest} walks the sealed interfaces' permitted subclasses to prove that every
 * step kind is mapped here.
 */
public final class Operations {
    private final Function<RawSql, RawSqlOperation> rawSql;

    /** {@code rawSql} classifies raw SQL (what it locks and touches) into an operation. */
    public Operations(Function<RawSql, RawSqlOperation> rawSql) {
        this.rawSql = rawSql;
    }

    public Operation expand(ExpandStep step) {
        if (step instanceof CreateTable s) {
            return new CreateTableOperation(s);
        }
        if (step instanceof AddColumn s) {
            return new AddColumnOperation(s);
        }
        if (step instanceof CreateIndex s) {
            return new CreateIndexOperation(s);
        }
        if (step instanceof RawSql s) {
            return rawSql.apply(s);
        }
        throw new IllegalArgumentException("unmapped expand step " + step.getClass().getName());
    }

    public Operation contract(ContractStep step) {
        if (step instanceof SetNotNull s) {
            return new SetNotNullOperation(s);
        }
        if (step instanceof AddUnique s) {
            return new AddUniqueOperation(s);
        }
        if (step instanceof AddForeignKey s) {
            return new AddForeignKeyOperation(s);
        }
        if (step instanceof AddCheck s) {
            return new AddCheckOperation(s);
        }
        if (step instanceof SetDefault s) {
            return new SetDefaultOperation(s);
        }
        throw new IllegalArgumentException("unmapped contract step " + step.getClass().getName());
    }
}
