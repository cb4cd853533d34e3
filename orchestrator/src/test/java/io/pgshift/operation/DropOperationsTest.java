package io.pgshift.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.ConstraintInfo;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.TableInfo;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.playbook.DropColumn;
import io.pgshift.playbook.DropConstraint;
import io.pgshift.playbook.DropDefault;
import io.pgshift.playbook.DropIndex;
import io.pgshift.playbook.DropNotNull;
import io.pgshift.playbook.DropTable;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The drops' statements and undo, planned against a catalog built by hand (no database). */
class DropOperationsTest {
    private static final TableRef USERS = new TableRef("public", "users");
    private static final TableInfo USERS_INFO = new TableInfo("public", "users", 12_345, 3 * 1024 * 1024,
            List.of(new ColumnInfo("id", "bigint", true, null, 1), new ColumnInfo("email", "text", true, null, 2),
                    new ColumnInfo("theme", "text", false, "'light'::text", 3)),
            List.of(new IndexInfo("users_pkey", List.of("id"), true, true, true, false,
                            "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)"),
                    new IndexInfo("users_email_key", List.of("email"), true, false, true, false,
                            "CREATE UNIQUE INDEX users_email_key ON public.users USING btree (email) INCLUDE (theme)"),
                    new IndexInfo("users_theme_idx", List.of("theme"), false, false, true, true,
                            "CREATE INDEX users_theme_idx ON public.users USING btree (theme) WHERE (theme <> 'light'::text)")),
            List.of(new ConstraintInfo("users_pkey", 'p', List.of("id"), "PRIMARY KEY (id)", true, null, null),
                    new ConstraintInfo("users_email_key", 'u', List.of("email"),
                            "UNIQUE (email) INCLUDE (theme) DEFERRABLE INITIALLY DEFERRED", true, null, null),
                    new ConstraintInfo("users_school_fkey", 'f', List.of("school_id"),
                            "FOREIGN KEY (school_id) REFERENCES schools(id) ON DELETE SET NULL", true, "public", "schools"),
                    new ConstraintInfo("users_age_range", 'c', List.of("age"), "CHECK (((age >= 0) AND (age <= 150))) NOT VALID",
                            false, null, null)),
            List.of());
    private static final CatalogSnapshot CATALOG = new CatalogSnapshot("db", "15", 150000, Map.of(USERS, USERS_INFO));

    private static List<String> sql(List<Statement> statements) {
        return statements.stream().map(Statement::sql).toList();
    }

    private static Operation planned(Object step) {
        return OperationRegistry.operation(step, CATALOG);
    }

    @Test
    void dropColumnIsCatalogOnlySaysWhatIsLostAndHasNoUndo() {
        Operation op = planned(new DropColumn(USERS, "theme"));
        Statement drop = op.apply().get(0);
        assertEquals("ALTER TABLE \"public\".\"users\" DROP COLUMN IF EXISTS \"theme\"", drop.sql());
        assertEquals(LockMode.ACCESS_EXCLUSIVE, drop.lock());
        assertEquals(TableImpact.METADATA, drop.impact());
        assertEquals("drop column users.theme (its data is lost: ~12,345 rows)", op.summary());
        assertEquals(List.of(), op.rollback(false));
        assertEquals(List.of(), op.rollback(true), "no undo can bring the values back");
    }

    @Test
    void dropTableNeverCascadesAndSaysHowMuchIsLost() {
        Operation op = planned(new DropTable(USERS));
        assertEquals(List.of("DROP TABLE IF EXISTS \"public\".\"users\""), sql(op.apply()));
        assertEquals("drop table users (its data is lost: ~12,345 rows, 3072 kB)", op.summary());
        assertEquals(List.of(), op.rollback(true));
    }

    @Test
    void dataLossOfATableNeverAnalysedOrUnknownToTheCatalogSaysSo() {
        TableInfo fresh = new TableInfo("public", "users", -1, 0, List.of(), List.of(), List.of(), List.of());
        CatalogSnapshot catalog = new CatalogSnapshot("db", "15", 150000, Map.of(USERS, fresh));
        assertEquals("drop column users.theme (its data is lost: row count unknown, the table was never analysed)",
                OperationRegistry.operation(new DropColumn(USERS, "theme"), catalog).summary());
        assertEquals("drop table users (its data is lost)", new DropTableOperation(new DropTable(USERS)).summary());
        assertEquals("12 GB", DataLoss.size(12L * 1024 * 1024 * 1024));
        assertEquals("900 bytes", DataLoss.size(900));
    }

    @Test
    void dropIndexRunsConcurrentlyAndIsRebuiltConcurrentlyFromItsDefinition() {
        Operation op = planned(new DropIndex(new TableRef("public", "users_theme_idx"), USERS));
        Statement drop = op.apply().get(0);
        assertEquals("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"users_theme_idx\"", drop.sql());
        assertEquals(TxMode.NO_TRANSACTION, drop.tx());
        assertEquals(LockMode.SHARE_UPDATE_EXCLUSIVE, drop.lock());
        List<Statement> undo = op.rollback(false);
        assertEquals(List.of("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"users_theme_idx\"",
                "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_theme_idx ON public.users USING btree (theme)"
                        + " WHERE (theme <> 'light'::text)"), sql(undo));
        assertTrue(undo.get(0).guard() != null, "only an INVALID leftover of a failed rebuild is dropped");
        assertEquals(TxMode.NO_TRANSACTION, undo.get(1).tx());
        assertEquals(undo, op.rollback(true));
    }

    @Test
    void dropIndexWithoutItsTableFindsTheTableInTheCatalog() {
        Operation op = planned(new DropIndex(new TableRef("public", "users_theme_idx"), null));
        assertEquals("drop index users_theme_idx on users", op.summary());
        assertEquals("users", op.apply().get(0).table());
        assertEquals(2, op.rollback(false).size());
        Operation gone = planned(new DropIndex(new TableRef("public", "gone_idx"), null));
        assertEquals(List.of(), gone.rollback(false), "an index the catalog did not show has nothing to rebuild");
    }

    @Test
    void droppedCheckIsReaddedNotValidAndStaysNotValidIfItWas() {
        Operation op = planned(new DropConstraint(USERS, "users_age_range"));
        assertEquals(List.of("ALTER TABLE \"public\".\"users\" DROP CONSTRAINT IF EXISTS \"users_age_range\""),
                sql(op.apply()));
        List<Statement> undo = op.rollback(false);
        assertEquals(List.of("ALTER TABLE \"public\".\"users\" ADD CONSTRAINT \"users_age_range\""
                + " CHECK (((age >= 0) AND (age <= 150))) NOT VALID"), sql(undo), "it was NOT VALID: no VALIDATE");
        assertTrue(undo.get(0).guard() != null);
    }

    @Test
    void droppedForeignKeyIsReaddedNotValidThenValidated() {
        List<Statement> undo = planned(new DropConstraint(USERS, "users_school_fkey")).rollback(false);
        assertEquals(List.of("ALTER TABLE \"public\".\"users\" ADD CONSTRAINT \"users_school_fkey\""
                        + " FOREIGN KEY (school_id) REFERENCES schools(id) ON DELETE SET NULL NOT VALID",
                "ALTER TABLE \"public\".\"users\" VALIDATE CONSTRAINT \"users_school_fkey\""), sql(undo));
        assertEquals(LockMode.SHARE_ROW_EXCLUSIVE, undo.get(0).lock());
        assertEquals(TableImpact.SCAN, undo.get(1).impact());
    }

    @Test
    void droppedUniqueConstraintIsRebuiltConcurrentlyThenAttachedAsItWas() {
        List<Statement> undo = planned(new DropConstraint(USERS, "users_email_key")).rollback(false);
        assertEquals(List.of("DROP INDEX CONCURRENTLY IF EXISTS \"public\".\"users_email_key\"",
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON public.users USING btree (email)"
                        + " INCLUDE (theme)",
                "ALTER TABLE \"public\".\"users\" ADD CONSTRAINT \"users_email_key\" UNIQUE USING INDEX"
                        + " \"users_email_key\" DEFERRABLE INITIALLY DEFERRED"), sql(undo));
        assertEquals(undo.get(2).guard(), undo.get(1).guard(), "both skipped once the constraint is back");
        assertEquals("ALTER TABLE \"public\".\"users\" ADD CONSTRAINT \"users_pkey\" PRIMARY KEY USING INDEX \"users_pkey\"",
                planned(new DropConstraint(USERS, "users_pkey")).rollback(false).get(2).sql());
    }

    @Test
    void dropNotNullIsUndoneTheSetNotNullWay() {
        Operation op = planned(new DropNotNull(USERS, "email"));
        assertEquals(List.of("ALTER TABLE \"public\".\"users\" ALTER COLUMN \"email\" DROP NOT NULL"), sql(op.apply()));
        assertEquals(List.of(
                "ALTER TABLE \"public\".\"users\" ADD CONSTRAINT \"users_email_not_null\" CHECK (\"email\" IS NOT NULL) NOT VALID",
                "ALTER TABLE \"public\".\"users\" VALIDATE CONSTRAINT \"users_email_not_null\"",
                "ALTER TABLE \"public\".\"users\" ALTER COLUMN \"email\" SET NOT NULL",
                "ALTER TABLE \"public\".\"users\" DROP CONSTRAINT IF EXISTS \"users_email_not_null\""), sql(op.rollback(false)));
    }

    @Test
    void dropDefaultIsUndoneWithTheExpressionItHad() {
        Operation op = planned(new DropDefault(USERS, "theme"));
        assertEquals(List.of("ALTER TABLE \"public\".\"users\" ALTER COLUMN \"theme\" DROP DEFAULT"), sql(op.apply()));
        assertEquals(List.of("ALTER TABLE \"public\".\"users\" ALTER COLUMN \"theme\" SET DEFAULT 'light'::text"),
                sql(op.rollback(false)));
        assertEquals("drop default users.theme (was 'light'::text)", op.summary());
        assertEquals(List.of(), planned(new DropDefault(USERS, "email")).rollback(false), "no default: nothing to restore");
    }
}
