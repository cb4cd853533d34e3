package io.pgshift.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.ConstraintInfo;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.Partitioning;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.TableInfo;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.planner.DryRun;
import io.pgshift.planner.Planner;
import io.pgshift.plan.render.TextPlanRenderer;
import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.AddForeignKey;
import io.pgshift.playbook.AddUnique;
import io.pgshift.playbook.CreateIndex;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.ReferentialAction;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.parse.PlaybookParser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The statements planned for a partitioned table (no database): partition by partition, then the
 * parent; and for a plain table exactly those planned without a catalog.
 */
class PartitionedOperationsTest {
    private static final TableRef ORDERS = new TableRef("public", "orders");
    private static final TableRef ACCOUNTS = new TableRef("public", "accounts");
    private static final List<ColumnInfo> COLUMNS = List.of(new ColumnInfo("id", "bigint", true, null, 1),
            new ColumnInfo("region", "text", true, null, 2), new ColumnInfo("amount", "integer", false, null, 3),
            new ColumnInfo("account_id", "bigint", false, null, 4));
    private static final CatalogSnapshot CATALOG = catalog(orders(List.of(leaf("orders_eu", 1000), leaf("orders_us", 2000))));

    private static TableInfo leaf(String name, long rows) {
        return new TableInfo("public", name, rows, 8192, COLUMNS, List.of(new IndexInfo(name + "_pkey",
                List.of("region", "id"), true, true, true, false, null)), List.of(), List.of());
    }

    private static TableInfo orders(List<TableInfo> partitions) {
        return new TableInfo("public", "orders", -1, 0, COLUMNS,
                List.of(new IndexInfo("orders_pkey", List.of("region", "id"), true, true, true, false, null)),
                List.of(new ConstraintInfo("orders_pkey", 'p', List.of("region", "id"), "PRIMARY KEY (region, id)", true,
                        null, null)), List.of(),
                new Partitioning("LIST (region)", List.of("region"), false, partitions, List.of()));
    }

    private static CatalogSnapshot catalog(TableInfo orders) {
        TableInfo accounts = new TableInfo("public", "accounts", 10, 8192, List.of(new ColumnInfo("id", "bigint", true, null, 1)),
                List.of(new IndexInfo("accounts_pkey", List.of("id"), true, true, true, false, null)),
                List.of(new ConstraintInfo("accounts_pkey", 'p', List.of("id"), "PRIMARY KEY (id)", true, null, null)), List.of());
        return new CatalogSnapshot("shop", "15.4", 150004, Map.of(ORDERS, orders, ACCOUNTS, accounts),
                Map.of(ORDERS, 'p', ACCOUNTS, 'r'));
    }

    private static List<String> sql(List<Statement> statements) {
        return statements.stream().map(Statement::sql).toList();
    }

    @Test
    void createIndexBuildsEachPartitionConcurrentlyAndAttachesItToAnIndexOnOnlyTheParent() {
        Operation op = OperationRegistry.operation(new CreateIndex(ORDERS, "orders_amount_idx", List.of("amount"), "btree",
                false, null), CATALOG);
        List<Statement> apply = op.apply();
        assertEquals(List.of(
                "CREATE INDEX IF NOT EXISTS \"orders_amount_idx\" ON ONLY \"public\".\"orders\" (\"amount\")",
                "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"orders_eu_amount_idx\"",
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"orders_eu_amount_idx\" ON \"public\".\"orders_eu\" (\"amount\")",
                "ALTER INDEX \"public\".\"orders_amount_idx\" ATTACH PARTITION \"public\".\"orders_eu_amount_idx\"",
                "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"orders_us_amount_idx\"",
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"orders_us_amount_idx\" ON \"public\".\"orders_us\" (\"amount\")",
                "ALTER INDEX \"public\".\"orders_amount_idx\" ATTACH PARTITION \"public\".\"orders_us_amount_idx\""),
                sql(apply));
        assertEquals(List.of(LockMode.SHARE, LockMode.SHARE_UPDATE_EXCLUSIVE, LockMode.SHARE_UPDATE_EXCLUSIVE,
                LockMode.ACCESS_EXCLUSIVE, LockMode.SHARE_UPDATE_EXCLUSIVE, LockMode.SHARE_UPDATE_EXCLUSIVE,
                LockMode.ACCESS_EXCLUSIVE), apply.stream().map(Statement::lock).toList());
        assertEquals(TableImpact.METADATA, apply.get(0).impact(), "ON ONLY builds nothing");
        assertEquals(TxMode.TRANSACTION, apply.get(0).tx());
        assertEquals("SELECT to_regclass('\"public\".\"orders_amount_idx\"') IS NOT NULL", apply.get(0).guard(),
                "run again, it does not queue for SHARE to find the index there");
        assertEquals(TxMode.NO_TRANSACTION, apply.get(2).tx());
        assertEquals("orders_eu", apply.get(3).table(), "the attach blocks the partition for an instant");
        assertEquals("SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass('\"public\".\"orders_eu_amount_idx\"')"
                + " AND inhparent = to_regclass('\"public\".\"orders_amount_idx\"'))", apply.get(3).guard());
        assertEquals(apply.get(3).guard(), apply.get(2).guard(), "an attached partition is not built again");

        assertEquals(List.of("DROP INDEX IF EXISTS \"public\".\"orders_amount_idx\"",
                "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"orders_eu_amount_idx\"",
                "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"orders_us_amount_idx\""), sql(op.rollback(false)));
        Statement dropParent = op.rollback(false).get(0);
        assertEquals(LockMode.ACCESS_EXCLUSIVE, dropParent.lock(), "a partitioned index cannot be dropped concurrently");
        assertEquals(TxMode.TRANSACTION, dropParent.tx());
    }

    @Test
    void aSubPartitionedPartitionGetsItsOwnIndexOnOnlyItAttachedOnceItsPartitionsAre() {
        TableInfo apac = new TableInfo("public", "orders_apac", -1, 0, COLUMNS, List.of(), List.of(), List.of(),
                new Partitioning("RANGE (id)", List.of("id"), false, List.of(leaf("orders_apac_1", 10)), List.of()));
        Operation op = OperationRegistry.operation(new CreateIndex(ORDERS, "orders_amount_idx", List.of("amount"), "gin",
                false, null), catalog(orders(List.of(apac))));
        assertEquals(List.of(
                "CREATE INDEX IF NOT EXISTS \"orders_amount_idx\" ON ONLY \"public\".\"orders\" USING gin (\"amount\")",
                "CREATE INDEX IF NOT EXISTS \"orders_apac_amount_idx\" ON ONLY \"public\".\"orders_apac\" USING gin (\"amount\")",
                "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"orders_apac_1_amount_idx\"",
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS \"orders_apac_1_amount_idx\" ON \"public\".\"orders_apac_1\" USING gin (\"amount\")",
                "ALTER INDEX \"public\".\"orders_apac_amount_idx\" ATTACH PARTITION \"public\".\"orders_apac_1_amount_idx\"",
                "ALTER INDEX \"public\".\"orders_amount_idx\" ATTACH PARTITION \"public\".\"orders_apac_amount_idx\""),
                sql(op.apply()));
        assertEquals(List.of("DROP INDEX IF EXISTS \"public\".\"orders_amount_idx\"",
                "DROP INDEX IF EXISTS \"public\".\"orders_apac_amount_idx\"",
                "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"orders_apac_1_amount_idx\""), sql(op.rollback(false)));
    }

    @Test
    void uniqueIsAConstraintOnOnlyTheParentAndEachPartitionsOwnConstraintIndexAttachedToIt() {
        Operation op = OperationRegistry.operation(new AddUnique(ORDERS, List.of("region", "amount"), "orders_region_amount_key"),
                CATALOG);
        List<Statement> apply = op.apply();
        assertEquals(List.of(
                "ALTER TABLE ONLY \"public\".\"orders\" ADD CONSTRAINT \"orders_region_amount_key\" UNIQUE (\"region\", \"amount\")",
                "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"orders_eu_region_amount_key\"",
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"orders_eu_region_amount_key\" ON \"public\".\"orders_eu\""
                        + " (\"region\", \"amount\")",
                "ALTER TABLE \"public\".\"orders_eu\" ADD CONSTRAINT \"orders_eu_region_amount_key\" UNIQUE USING INDEX"
                        + " \"orders_eu_region_amount_key\"",
                "ALTER INDEX \"public\".\"orders_region_amount_key\" ATTACH PARTITION \"public\".\"orders_eu_region_amount_key\"",
                "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"orders_us_region_amount_key\"",
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"orders_us_region_amount_key\" ON \"public\".\"orders_us\""
                        + " (\"region\", \"amount\")",
                "ALTER TABLE \"public\".\"orders_us\" ADD CONSTRAINT \"orders_us_region_amount_key\" UNIQUE USING INDEX"
                        + " \"orders_us_region_amount_key\"",
                "ALTER INDEX \"public\".\"orders_region_amount_key\" ATTACH PARTITION \"public\".\"orders_us_region_amount_key\""),
                sql(apply));
        assertEquals(LockMode.ACCESS_EXCLUSIVE, apply.get(0).lock());
        assertEquals(TableImpact.METADATA, apply.get(0).impact(), "ONLY the parent: an INVALID index, nothing built");
        assertEquals(List.of(
                "ALTER TABLE \"public\".\"orders\" DROP CONSTRAINT IF EXISTS \"orders_region_amount_key\"",
                "ALTER TABLE \"public\".\"orders_eu\" DROP CONSTRAINT IF EXISTS \"orders_eu_region_amount_key\"",
                "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"orders_eu_region_amount_key\"",
                "ALTER TABLE \"public\".\"orders_us\" DROP CONSTRAINT IF EXISTS \"orders_us_region_amount_key\"",
                "DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"orders_us_region_amount_key\""), sql(op.rollback(false)));
    }

    @Test
    void setNotNullGoesThroughAValidatedCheckOnEachPartitionThenTheParentScansNothing() {
        Operation op = OperationRegistry.operation(new SetNotNull(ORDERS, "amount"), CATALOG);
        List<Statement> apply = op.apply();
        assertEquals(List.of(
                "ALTER TABLE \"public\".\"orders_eu\" ADD CONSTRAINT \"orders_eu_amount_not_null\" CHECK (\"amount\" IS NOT NULL) NOT VALID",
                "ALTER TABLE \"public\".\"orders_eu\" VALIDATE CONSTRAINT \"orders_eu_amount_not_null\"",
                "ALTER TABLE \"public\".\"orders_eu\" ALTER COLUMN \"amount\" SET NOT NULL",
                "ALTER TABLE \"public\".\"orders_eu\" DROP CONSTRAINT IF EXISTS \"orders_eu_amount_not_null\"",
                "ALTER TABLE \"public\".\"orders_us\" ADD CONSTRAINT \"orders_us_amount_not_null\" CHECK (\"amount\" IS NOT NULL) NOT VALID",
                "ALTER TABLE \"public\".\"orders_us\" VALIDATE CONSTRAINT \"orders_us_amount_not_null\"",
                "ALTER TABLE \"public\".\"orders_us\" ALTER COLUMN \"amount\" SET NOT NULL",
                "ALTER TABLE \"public\".\"orders_us\" DROP CONSTRAINT IF EXISTS \"orders_us_amount_not_null\"",
                "ALTER TABLE \"public\".\"orders\" ALTER COLUMN \"amount\" SET NOT NULL"), sql(apply));
        assertEquals(TableImpact.METADATA, apply.get(8).impact(), "the parent's SET NOT NULL finds its partitions NOT NULL");
        assertEquals(List.of(
                "ALTER TABLE \"public\".\"orders\" ALTER COLUMN \"amount\" DROP NOT NULL",
                "ALTER TABLE \"public\".\"orders_eu\" ALTER COLUMN \"amount\" DROP NOT NULL",
                "ALTER TABLE \"public\".\"orders_eu\" DROP CONSTRAINT IF EXISTS \"orders_eu_amount_not_null\"",
                "ALTER TABLE \"public\".\"orders_us\" ALTER COLUMN \"amount\" DROP NOT NULL",
                "ALTER TABLE \"public\".\"orders_us\" DROP CONSTRAINT IF EXISTS \"orders_us_amount_not_null\""),
                sql(op.rollback(false)));
    }

    @Test
    void checkIsValidatedOnEachPartitionThenAddedValidToTheParentWhichMergesThem() {
        Operation op = OperationRegistry.operation(new AddCheck(ORDERS, "orders_amount_positive", "amount > 0"), CATALOG);
        assertEquals(List.of(
                "ALTER TABLE \"public\".\"orders_eu\" ADD CONSTRAINT \"orders_amount_positive\" CHECK (amount > 0) NOT VALID",
                "ALTER TABLE \"public\".\"orders_eu\" VALIDATE CONSTRAINT \"orders_amount_positive\"",
                "ALTER TABLE \"public\".\"orders_us\" ADD CONSTRAINT \"orders_amount_positive\" CHECK (amount > 0) NOT VALID",
                "ALTER TABLE \"public\".\"orders_us\" VALIDATE CONSTRAINT \"orders_amount_positive\"",
                "ALTER TABLE \"public\".\"orders\" ADD CONSTRAINT \"orders_amount_positive\" CHECK (amount > 0)"),
                sql(op.apply()));
        assertEquals(List.of(
                "ALTER TABLE \"public\".\"orders\" DROP CONSTRAINT IF EXISTS \"orders_amount_positive\"",
                "ALTER TABLE \"public\".\"orders_eu\" DROP CONSTRAINT IF EXISTS \"orders_amount_positive\"",
                "ALTER TABLE \"public\".\"orders_us\" DROP CONSTRAINT IF EXISTS \"orders_amount_positive\""),
                sql(op.rollback(false)));
    }

    @Test
    void foreignKeyIsValidatedOnEachPartitionThenAddedToTheParentWhichAdoptsThem() {
        Operation op = OperationRegistry.operation(new AddForeignKey(ORDERS, List.of("account_id"), ACCOUNTS, List.of("id"),
                ReferentialAction.NO_ACTION, "orders_account_id_fkey"), CATALOG);
        List<Statement> apply = op.apply();
        String fk = " ADD CONSTRAINT \"orders_account_id_fkey\" FOREIGN KEY (\"account_id\") REFERENCES \"public\".\"accounts\""
                + " (\"id\") ON DELETE NO ACTION";
        assertEquals(List.of(
                "ALTER TABLE \"public\".\"orders_eu\"" + fk + " NOT VALID",
                "ALTER TABLE \"public\".\"orders_eu\" VALIDATE CONSTRAINT \"orders_account_id_fkey\"",
                "ALTER TABLE \"public\".\"orders_us\"" + fk + " NOT VALID",
                "ALTER TABLE \"public\".\"orders_us\" VALIDATE CONSTRAINT \"orders_account_id_fkey\"",
                "ALTER TABLE \"public\".\"orders\"" + fk), sql(apply));
        assertEquals("accounts", apply.get(4).table(), "adopting drops the partitions' triggers on the referenced table");
        assertEquals(LockMode.ACCESS_EXCLUSIVE, apply.get(4).lock());
        assertEquals(TableImpact.METADATA, apply.get(4).impact());
    }

    @Test
    void aPlainTableIsPlannedExactlyAsWithoutACatalog() {
        TableRef users = new TableRef("public", "users");
        CatalogSnapshot plain = new CatalogSnapshot("shop", "15.4", 150004, Map.of(users, new TableInfo("public", "users", 5,
                8192, COLUMNS, List.of(), List.of(), List.of())));
        List<Object> steps = List.of(new CreateIndex(users, "users_amount_idx", List.of("amount"), "btree", true, "amount > 0"),
                new AddUnique(users, List.of("amount"), "users_amount_key"), new SetNotNull(users, "amount"),
                new AddCheck(users, "users_amount_positive", "amount > 0"),
                new AddForeignKey(users, List.of("account_id"), ACCOUNTS, List.of("id"), ReferentialAction.CASCADE, "f"));
        for (Object step : steps) {
            Operation alone = OperationRegistry.operation(step);
            Operation planned = OperationRegistry.operation(step, plain);
            assertEquals(alone.apply(), planned.apply(), step.toString());
            assertEquals(alone.rollback(true), planned.rollback(true), step.toString());
            assertEquals(alone.summary(), planned.summary());
        }
    }

    @Test
    void aUniqueIndexWithoutThePartitionKeyIsRefusedAtPlanTime() {
        Playbook playbook = new PlaybookParser().parse("p.yaml", "name: p\ncontract:\n"
                + "  - add_unique: {table: orders, columns: [amount]}\n");
        List<PlanProblem> problems = DryRun.validator().validate(playbook, CATALOG).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("contract[0].add_unique.columns: a unique index on partitioned table \"orders\" must include its"
                + " partition key LIST (region): \"region\" missing (each partition checks only its own rows)",
                problems.get(0).render());
        assertTrue(problems.get(0) instanceof PlanProblem.PartitionKeyNotCovered);
    }

    @Test
    void aForeignTablePartitionIsRefusedAtPlanTime() {
        TableInfo withForeign = new TableInfo("public", "orders", -1, 0, COLUMNS, List.of(), List.of(), List.of(),
                new Partitioning("LIST (region)", List.of("region"), false, List.of(leaf("orders_eu", 1)),
                        List.of(new TableRef("archive", "orders_old"))));
        Playbook playbook = new PlaybookParser().parse("p.yaml", "name: p\nexpand:\n"
                + "  - create_index: {table: orders, columns: [amount]}\n");
        List<PlanProblem> problems = DryRun.validator().validate(playbook, catalog(withForeign)).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("foreign-table partitions (\"archive.orders_old\")"),
                problems.get(0).message());
    }

    /** The plan as `pgshift plan` prints it: the steps say they go partition by partition, with each lock. */
    @Test
    void planOutputShowsEachPartitionsStatementsAndLocks() {
        Playbook playbook = new PlaybookParser().parse("p.yaml", "name: orders-amount\nexpand:\n"
                + "  - create_index: {table: orders, columns: [amount]}\n");
        var result = DryRun.validator().validate(playbook, CATALOG).orThrow();
        String text = new TextPlanRenderer().render(new Planner().plan(playbook, CATALOG, result.presentPaths()));
        String expand = text.substring(text.indexOf("\nEXPAND\n"));
        assertEquals("""

                EXPAND
                  [1] create index orders_amount_idx on orders (amount), partition by partition   (expand[0].create_index)
                      lock SHARE on orders (blocks writes (INSERT, UPDATE, DELETE)) · catalog only, no scan, no rewrite
                        CREATE INDEX IF NOT EXISTS "orders_amount_idx" ON ONLY "public"."orders" ("amount")
                      lock SHARE UPDATE EXCLUSIVE on orders_eu (blocks other DDL and VACUUM (not reads or writes)) · catalog only, no scan, no rewrite · outside a transaction
                        DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_eu_amount_idx"
                      lock SHARE UPDATE EXCLUSIVE on orders_eu (blocks other DDL and VACUUM (not reads or writes)) · scans the table · outside a transaction
                        CREATE INDEX CONCURRENTLY IF NOT EXISTS "orders_eu_amount_idx" ON "public"."orders_eu" ("amount")
                      lock ACCESS EXCLUSIVE on orders_eu (blocks everything, reads included) · catalog only, no scan, no rewrite
                        ALTER INDEX "public"."orders_amount_idx" ATTACH PARTITION "public"."orders_eu_amount_idx"
                      lock SHARE UPDATE EXCLUSIVE on orders_us (blocks other DDL and VACUUM (not reads or writes)) · catalog only, no scan, no rewrite · outside a transaction
                        DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_us_amount_idx"
                      lock SHARE UPDATE EXCLUSIVE on orders_us (blocks other DDL and VACUUM (not reads or writes)) · scans the table · outside a transaction
                        CREATE INDEX CONCURRENTLY IF NOT EXISTS "orders_us_amount_idx" ON "public"."orders_us" ("amount")
                      lock ACCESS EXCLUSIVE on orders_us (blocks everything, reads included) · catalog only, no scan, no rewrite
                        ALTER INDEX "public"."orders_amount_idx" ATTACH PARTITION "public"."orders_us_amount_idx"
                """, expand);
    }

    @Test
    void aPartitionedTablesRowsAreItsLeavesRows() {
        assertEquals(3000, CATALOG.table(ORDERS).orElseThrow().rowEstimate(), "the parent's own estimate is never analysed");
        assertEquals(List.of("orders_eu", "orders_us"),
                CATALOG.table(ORDERS).orElseThrow().partitioning().leaves().stream().map(TableInfo::name).toList());
    }
}
