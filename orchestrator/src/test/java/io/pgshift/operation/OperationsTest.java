package io.pgshift.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.Rerun;
import io.pgshift.plan.Statement;
import io.pgshift.plan.StepKind;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.AlterColumnType;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.AddEnumValue;
import io.pgshift.playbook.AddForeignKey;
import io.pgshift.playbook.AddUnique;
import io.pgshift.playbook.ColumnDef;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.CreateIndex;
import io.pgshift.playbook.CreateTable;
import io.pgshift.playbook.DropColumn;
import io.pgshift.playbook.DropConstraint;
import io.pgshift.playbook.DropDefault;
import io.pgshift.playbook.DropIndex;
import io.pgshift.playbook.DropNotNull;
import io.pgshift.playbook.DropTable;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.RawSql;
import io.pgshift.playbook.RenameColumn;
import io.pgshift.playbook.RenameTable;
import io.pgshift.playbook.ReferentialAction;
import io.pgshift.playbook.SetDefault;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.Verify;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperationsTest {
    private static final TableRef USERS = new TableRef("public", "users");
    private static final TableRef USER_ROLE = new TableRef("public", "user_role");

    /** One sample per permitted subclass: adding a step kind without mapping it fails here. */
    private static final Map<Class<?>, Object> SAMPLES = Map.ofEntries(
            Map.entry(CreateTable.class, new CreateTable(USERS, List.of(new ColumnDef("id", "bigint", false, null, null)),
                    List.of("id"))),
            Map.entry(AddColumn.class, new AddColumn(USERS, "c", "text", null, false)),
            Map.entry(CreateIndex.class, new CreateIndex(USERS, "i", List.of("c"), "btree", false, null)),
            Map.entry(RawSql.class, new RawSql("SELECT 1")),
            Map.entry(SetNotNull.class, new SetNotNull(USERS, "c")),
            Map.entry(AddUnique.class, new AddUnique(USERS, List.of("c"), "k")),
            Map.entry(AddForeignKey.class, new AddForeignKey(USERS, List.of("c"), USERS, List.of("id"),
                    ReferentialAction.NO_ACTION, "f")),
            Map.entry(AddCheck.class, new AddCheck(USERS, "ck", "c <> ''")),
            Map.entry(SetDefault.class, new SetDefault(USERS, "c", "'x'")),
            Map.entry(AddEnumValue.class, new AddEnumValue(USER_ROLE, "teacher", null, null)),
            Map.entry(Verify.class, new Verify("SELECT count(*) FROM users", null, null, 0, null)),
            Map.entry(AlterColumnType.class, new AlterColumnType(USERS, "id", "bigint", null)),
            Map.entry(RenameTable.class, new RenameTable(USERS, "accounts")),
            Map.entry(RenameColumn.class, new RenameColumn(USERS, "theme", "color_scheme")),
            Map.entry(DropColumn.class, new DropColumn(USERS, "c")),
            Map.entry(DropIndex.class, new DropIndex(new TableRef("public", "i"), USERS)),
            Map.entry(DropConstraint.class, new DropConstraint(USERS, "k")),
            Map.entry(DropTable.class, new DropTable(USERS)),
            Map.entry(DropNotNull.class, new DropNotNull(USERS, "c")),
            Map.entry(DropDefault.class, new DropDefault(USERS, "c")));

    @Test
    void everyExpandStepKindHasAnOperation() {
        for (Class<?> kind : ExpandStep.class.getPermittedSubclasses()) {
            Object sample = SAMPLES.get(kind);
            assertNotNull(sample, "no sample for " + kind.getSimpleName() + ": add one and register its type");
            assertNotNull(OperationRegistry.operation(sample).apply());
        }
    }

    @Test
    void everyContractStepKindHasAnOperationAndAGateDecision() {
        for (Class<?> kind : ContractStep.class.getPermittedSubclasses()) {
            Object sample = SAMPLES.get(kind);
            assertNotNull(sample, "no sample for " + kind.getSimpleName() + ": add one and register its type");
            assertNotNull(OperationRegistry.operation(sample).apply());
            assertNotNull(OperationRegistry.gate("contract[0]", sample));
        }
    }

    @Test
    void rawSqlRunsOncePerRunInATransactionAndAgainOutsideOneOnlyWhenDeclaredIdempotent() {
        Statement update = RawSqlOperations.classify(new RawSql("UPDATE counters SET n = n + 1 WHERE id = 1")).apply().get(0);
        assertEquals(Rerun.ONCE_PER_RUN, update.rerun());
        assertEquals(TxMode.TRANSACTION, update.tx());
        assertNull(update.guard(), "the guard is the marker, known once the run exists");
        assertTrue(update.unbound());
        assertEquals(Rerun.ONCE_PER_RUN, RawSqlOperations.classify(new RawSql("INSERT INTO log VALUES (1)", true))
                .apply().get(0).rerun(), "a statement in a transaction runs once whatever the playbook declares");

        Statement vacuum = RawSqlOperations.classify(new RawSql("VACUUM users", true)).apply().get(0);
        assertEquals(Rerun.DECLARED_IDEMPOTENT, vacuum.rerun());
        assertEquals(TxMode.NO_TRANSACTION, vacuum.tx());
        assertThrows(IllegalStateException.class, () -> RawSqlOperations.classify(new RawSql("VACUUM users")).apply(),
                "the parser refuses it; a model built otherwise never reaches a plan");
    }

    @Test
    void setNotNullGoesThroughAValidatedCheck() {
        var statements = new SetNotNullOperation(new SetNotNull(USERS, "preferences")).apply();
        assertEquals(List.of(
                "ALTER TABLE \"public\".\"users\" ADD CONSTRAINT \"users_preferences_not_null\" CHECK (\"preferences\" IS NOT NULL) NOT VALID",
                "ALTER TABLE \"public\".\"users\" VALIDATE CONSTRAINT \"users_preferences_not_null\"",
                "ALTER TABLE \"public\".\"users\" ALTER COLUMN \"preferences\" SET NOT NULL",
                "ALTER TABLE \"public\".\"users\" DROP CONSTRAINT IF EXISTS \"users_preferences_not_null\""),
                statements.stream().map(s -> s.sql()).toList());
        assertEquals(List.of(LockMode.ACCESS_EXCLUSIVE, LockMode.SHARE_UPDATE_EXCLUSIVE, LockMode.ACCESS_EXCLUSIVE,
                LockMode.ACCESS_EXCLUSIVE), statements.stream().map(s -> s.lock()).toList());
        assertEquals(TableImpact.SCAN, statements.get(1).impact(), "only VALIDATE scans");
        assertEquals(TableImpact.METADATA, statements.get(2).impact(), "SET NOT NULL must not scan");
    }

    @Test
    void uniqueIsBuiltConcurrentlyThenAttached() {
        var statements = new AddUniqueOperation(new AddUnique(USERS, List.of("email"), "users_email_key")).apply();
        assertEquals("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"users_email_key\"", statements.get(0).sql());
        assertNotNull(statements.get(0).guard(), "only an INVALID leftover is dropped");
        assertEquals("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"users_email_key\" ON \"public\".\"users\" (\"email\")",
                statements.get(1).sql());
        assertEquals(TxMode.NO_TRANSACTION, statements.get(1).tx());
        assertEquals("ALTER TABLE \"public\".\"users\" ADD CONSTRAINT \"users_email_key\" UNIQUE USING INDEX \"users_email_key\"",
                statements.get(2).sql());
    }

    @Test
    void foreignKeyIsAddedNotValidThenValidated() {
        var fk = new AddForeignKey(USERS, List.of("school_class_id"), new TableRef("public", "school_classes"),
                List.of("id"), ReferentialAction.SET_NULL, "users_school_class_id_fkey");
        var statements = new AddForeignKeyOperation(fk).apply();
        assertEquals("ALTER TABLE \"public\".\"users\" ADD CONSTRAINT \"users_school_class_id_fkey\" FOREIGN KEY "
                + "(\"school_class_id\") REFERENCES \"public\".\"school_classes\" (\"id\") ON DELETE SET NULL NOT VALID",
                statements.get(0).sql());
        assertEquals(LockMode.SHARE_ROW_EXCLUSIVE, statements.get(0).lock());
        assertEquals("ALTER TABLE \"public\".\"users\" VALIDATE CONSTRAINT \"users_school_class_id_fkey\"",
                statements.get(1).sql());
    }

    @Test
    void addColumnIsIdempotentAndKeepsDataOnRollbackUnlessAsked() {
        var op = new AddColumnOperation(new AddColumn(USERS, "preferences", "jsonb", null, false));
        assertEquals("ALTER TABLE \"public\".\"users\" ADD COLUMN IF NOT EXISTS \"preferences\" jsonb",
                op.apply().get(0).sql());
        assertEquals(List.of(), op.rollback(false));
        assertEquals("ALTER TABLE \"public\".\"users\" DROP COLUMN IF EXISTS \"preferences\"", op.rollback(true).get(0).sql());
    }

    @Test
    void addColumnNotNullWithAConstantDefaultIsOneCatalogOnlyStatement() {
        var op = new AddColumnOperation(new AddColumn(USERS, "currency_code", "text", "'EUR'", true));
        var statements = op.apply();
        assertEquals(List.of("ALTER TABLE \"public\".\"users\" ADD COLUMN IF NOT EXISTS \"currency_code\" text"
                + " DEFAULT 'EUR' NOT NULL"), statements.stream().map(s -> s.sql()).toList());
        assertEquals(TableImpact.METADATA, statements.get(0).impact());
        assertEquals(LockMode.ACCESS_EXCLUSIVE, statements.get(0).lock());
        assertEquals("add column users.currency_code text default 'EUR' not null", op.summary());
    }

    @Test
    void addColumnNotNullWithoutAValueIsPlannedAsTheScanItWouldBe() {
        for (String none : new String[] {null, "NULL"}) {
            var statement = new AddColumnOperation(new AddColumn(USERS, "currency_code", "text", none, true)).apply().get(0);
            assertEquals(TableImpact.SCAN, statement.impact(), "default " + none);
        }
    }

    @Test
    void gateCountsOrphansIgnoringNullReferences() {
        var fk = new AddForeignKey(USERS, List.of("school_class_id"), new TableRef("public", "school_classes"),
                List.of("id"), ReferentialAction.SET_NULL, "f");
        var check = OperationRegistry.gate("contract[0].add_foreign_key", fk).orElseThrow();
        assertEquals("SELECT count(*) FROM \"public\".\"users\" AS t WHERE t.\"school_class_id\" IS NOT NULL AND NOT EXISTS "
                + "(SELECT 1 FROM \"public\".\"school_classes\" AS r WHERE r.\"id\" = t.\"school_class_id\")",
                check.countQuery());
        assertEquals(StepKind.GATE, new GateOperation(List.of(check)).kind());
    }

    @Test
    void enumValueIsAddedAloneOutsideATransactionGuardedByPgEnumAndHasNoUndo() {
        var op = new AddEnumValueOperation(new AddEnumValue(new TableRef("app", "user_role"), "guru's aide", null, "student"));
        var statement = op.apply().get(0);
        assertEquals(1, op.apply().size());
        assertEquals("ALTER TYPE \"app\".\"user_role\" ADD VALUE IF NOT EXISTS 'guru''s aide' AFTER 'student'",
                statement.sql());
        assertEquals(TxMode.NO_TRANSACTION, statement.tx());
        assertEquals(LockMode.NONE, statement.lock(), "it locks the type, not the tables using it");
        assertEquals(TableImpact.METADATA, statement.impact());
        assertEquals("SELECT EXISTS (SELECT 1 FROM pg_enum WHERE enumtypid = '\"app\".\"user_role\"'::regtype"
                + " AND enumlabel = 'guru''s aide')", statement.guard());
        assertEquals(List.of(), op.rollback(true), "PostgreSQL cannot drop an enum value");
        assertEquals("add value 'guru's aide' to enum app.user_role after 'student'", op.summary());
        assertEquals("ALTER TYPE \"public\".\"user_role\" ADD VALUE IF NOT EXISTS 'teacher' BEFORE 'student'",
                new AddEnumValueOperation(new AddEnumValue(USER_ROLE, "teacher", "student", null)).apply().get(0).sql());
        assertEquals("ALTER TYPE \"public\".\"user_role\" ADD VALUE IF NOT EXISTS 'teacher'",
                new AddEnumValueOperation(new AddEnumValue(USER_ROLE, "teacher", null, null)).apply().get(0).sql());
    }

    @Test
    void verifyRunsNothingItselfAndGivesTheGateTheTeamsQueryAndExpectedCount() {
        var v = new Verify("SELECT count(*) FROM users WHERE role = 'student' AND school_class_id IS NULL;", null, null, 2,
                "students without a class");
        assertEquals(List.of(), new VerifyOperation(v).apply());
        assertEquals(List.of(), new VerifyOperation(v).rollback(true));
        var check = OperationRegistry.gate("contract[0].verify", v).orElseThrow();
        assertEquals("SELECT count(*) FROM users WHERE role = 'student' AND school_class_id IS NULL", check.countQuery());
        assertEquals(2, check.expected());
        assertEquals(false, check.chunked(), "a whole query is counted at once");
        assertEquals("students without a class (verify: expected 2)", check.description());
        assertEquals("SELECT count(*) FROM users WHERE role = 'student' AND school_class_id IS NULL",
                new GateOperation(List.of(check)).apply().get(0).sql(), "the plan shows the gate's count");
    }

    @Test
    void verifyOfATableIsARowCheckTheGateCountsInChunks() {
        var v = new Verify(null, USERS, "role = 'student' AND school_class_id IS NULL", 0, null);
        var check = OperationRegistry.gate("contract[0].verify", v).orElseThrow();
        assertEquals(true, check.chunked());
        assertEquals(USERS, check.table());
        assertEquals("(role = 'student' AND school_class_id IS NULL)", check.predicate());
        assertEquals("rows of users where role = 'student' AND school_class_id IS NULL (verify: expected 0)",
                check.description());
    }
}
