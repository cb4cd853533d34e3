package io.pgshift.catalog;

import static io.pgshift.catalog.PlaybookFixture.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.playbook.TableRef;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(PgDatabaseExtension.class)
class CatalogReaderIT {
    private static final Set<TableRef> TABLES = Set.of(table("accounts"), table("memberships"),
            table("devices"), table("events"), table("orders"), table("dupes"), table("missing"));
    private static CatalogSnapshot snapshot;
    private static String databaseName;

    @BeforeAll
    static void createSchema(TestDatabase db) throws SQLException {
        db.execute("""
                CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL,
                                       created_at timestamptz DEFAULT now(), nickname varchar(40));
                INSERT INTO accounts SELECT g, 'a' || g || '@example.com' FROM generate_series(1, 50) g;
                ANALYZE accounts;
                CREATE INDEX accounts_recent_idx ON accounts (created_at) WHERE created_at > '2020-01-01';
                CREATE INDEX accounts_lower_email_idx ON accounts (lower(email), id);
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
                CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION touch();
                CREATE TABLE memberships (org_id integer, user_id integer, PRIMARY KEY (org_id, user_id));
                CREATE TABLE devices (serial_no text NOT NULL UNIQUE, label text);
                CREATE TABLE events (payload jsonb);
                CREATE TABLE orders (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id),
                                     amount numeric(10,2));
                ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount > 0) NOT VALID;
                CREATE TABLE dupes (code text);
                INSERT INTO dupes VALUES ('a'), ('a');
                """);
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE UNIQUE INDEX CONCURRENTLY dupes_code_key ON dupes (code)");
            throw new IllegalStateException("the unique index over duplicates should have failed");
        } catch (SQLException expected) {
            // a failed CONCURRENTLY build leaves the index behind, INVALID: exactly the state to read
        }
        databaseName = db.name();
        try (Connection c = db.connect()) {
            snapshot = new CatalogReader().read(c, TABLES, Set.of(table("accounts_pkey"), table("unused_name")));
        }
    }

    @Test
    void readsServerAndDatabase() {
        assertEquals(databaseName, snapshot.database());
        assertTrue(snapshot.serverVersionNum() >= 100000, "server_version_num " + snapshot.serverVersionNum());
        assertTrue(snapshot.serverVersion().startsWith(String.valueOf(snapshot.serverVersionNum() / 10000)));
    }

    @Test
    void leavesMissingTablesOut() {
        assertTrue(snapshot.table(table("missing")).isEmpty());
        assertEquals(6, snapshot.tables().size());
    }

    @Test
    void readsColumnsWithFormattedTypesNullabilityAndDefaults() {
        TableInfo accounts = snapshot.table(table("accounts")).orElseThrow();
        assertEquals(List.of("id", "email", "created_at", "nickname"),
                accounts.columns().stream().map(ColumnInfo::name).toList());
        assertEquals(new ColumnInfo("id", "bigint", true, null, 1), accounts.column("id").orElseThrow());
        assertEquals(new ColumnInfo("created_at", "timestamp with time zone", false, "now()", 3),
                accounts.column("created_at").orElseThrow());
        assertEquals("character varying(40)", accounts.column("nickname").orElseThrow().type());
    }

    @Test
    void readsRowEstimateAndSize() {
        TableInfo accounts = snapshot.table(table("accounts")).orElseThrow();
        assertEquals(50, accounts.estimatedRows());
        assertTrue(accounts.sizeBytes() > 0);
        assertEquals(-1, snapshot.table(table("events")).orElseThrow().estimatedRows(), "never analysed");
    }

    @Test
    void findsTheBatchKeyOfEachKindOfTable() {
        assertEquals(List.of("id"), snapshot.table(table("accounts")).orElseThrow().batchKey().orElseThrow().columns());
        assertEquals(List.of("org_id", "user_id"),
                snapshot.table(table("memberships")).orElseThrow().batchKey().orElseThrow().columns());
        IndexInfo deviceKey = snapshot.table(table("devices")).orElseThrow().batchKey().orElseThrow();
        assertEquals("devices_serial_no_key", deviceKey.name());
        assertFalse(deviceKey.primary());
        assertTrue(snapshot.table(table("events")).orElseThrow().batchKey().isEmpty());
        assertTrue(snapshot.table(table("dupes")).orElseThrow().batchKey().isEmpty(), "an invalid index is no key");
    }

    @Test
    void readsIndexesIncludingPartialExpressionAndInvalidOnes() {
        TableInfo accounts = snapshot.table(table("accounts")).orElseThrow();
        IndexInfo pk = accounts.index("accounts_pkey").orElseThrow();
        assertTrue(pk.primary() && pk.unique() && pk.valid() && !pk.partial());
        assertEquals("CREATE UNIQUE INDEX accounts_pkey ON public.accounts USING btree (id)", pk.definition());
        assertEquals("btree", pk.method());
        IndexInfo recent = accounts.index("accounts_recent_idx").orElseThrow();
        assertTrue(recent.partial());
        assertFalse(recent.unique());
        assertEquals(List.of("lower(email)", "id"), accounts.index("accounts_lower_email_idx").orElseThrow().columns());
        IndexInfo invalid = snapshot.table(table("dupes")).orElseThrow().index("dupes_code_key").orElseThrow();
        assertFalse(invalid.valid());
        assertTrue(invalid.unique());
        assertEquals(List.of("code"), invalid.columns());
    }

    @Test
    void readsConstraintsWithForeignKeyTargetsAndValidation() {
        TableInfo orders = snapshot.table(table("orders")).orElseThrow();
        ConstraintInfo fk = orders.constraint("orders_account_id_fkey").orElseThrow();
        assertEquals('f', fk.type());
        assertEquals(List.of("account_id"), fk.columns());
        assertEquals("public", fk.referencedSchema());
        assertEquals("accounts", fk.referencedTable());
        assertEquals(List.of("id"), fk.referencedColumns());
        assertEquals("FOREIGN KEY (account_id) REFERENCES accounts(id)", fk.definition());
        assertTrue(fk.validated());
        ConstraintInfo check = orders.constraint("orders_amount_positive").orElseThrow();
        assertEquals('c', check.type());
        assertFalse(check.validated());
        assertEquals(List.of("amount"), check.columns());
        ConstraintInfo pk = orders.constraint("orders_pkey").orElseThrow();
        assertEquals('p', pk.type());
        assertEquals(null, pk.referencedTable());
        assertEquals(List.of("org_id", "user_id"),
                snapshot.table(table("memberships")).orElseThrow().constraint("memberships_pkey").orElseThrow().columns());
    }

    @Test
    void readsAPartitionedTableWithItsPartitionsAndTheirsInTheSameSnapshot(TestDatabase db) throws SQLException {
        db.execute("""
                CREATE TABLE sales (id bigint, region text, day date, note text, PRIMARY KEY (region, id, day))
                    PARTITION BY LIST (region);
                CREATE TABLE sales_eu PARTITION OF sales FOR VALUES IN ('eu');
                CREATE TABLE sales_us PARTITION OF sales FOR VALUES IN ('us') PARTITION BY RANGE (day);
                CREATE TABLE sales_us_2024 PARTITION OF sales_us FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                CREATE INDEX sales_eu_note_idx ON sales_eu (note);
                INSERT INTO sales SELECT g, CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END, date '2024-03-01', 'n'
                  FROM generate_series(1, 100) g;
                ANALYZE sales_eu;
                ANALYZE sales_us_2024;
                ALTER TABLE ONLY sales ADD CONSTRAINT sales_note_key UNIQUE (region, id, day, note);
                CREATE TABLE by_expr (id bigint) PARTITION BY RANGE ((id % 10));
                """);
        CatalogSnapshot read;
        try (Connection c = db.connect()) {
            read = new CatalogReader().read(c, Set.of(table("sales"), table("by_expr"), table("accounts")));
        }
        TableInfo sales = read.table(table("sales")).orElseThrow();
        assertTrue(sales.partitioned());
        assertEquals("LIST (region)", sales.partitioning().keyDefinition());
        assertEquals(List.of("region"), sales.partitioning().keyColumns());
        assertEquals(List.of("sales_eu", "sales_us"), sales.partitioning().partitions().stream().map(TableInfo::name).toList());
        TableInfo us = sales.partitioning().partitions().get(1);
        assertEquals("RANGE (day)", us.partitioning().keyDefinition(), "a sub-partitioned partition has its own key");
        assertEquals(List.of("sales_eu", "sales_us_2024"), sales.partitioning().leaves().stream().map(TableInfo::name).toList());
        TableInfo eu = sales.partitioning().partitions().get(0);
        assertEquals(List.of("sales_eu_note_idx", "sales_eu_pkey"), eu.indexes().stream().map(IndexInfo::name).toList());
        assertEquals(100, sales.rowEstimate(), "the leaves' rows");
        assertFalse(sales.constraint("sales_note_key").orElseThrow().validated(),
                "a unique constraint on ONLY the parent is not in force until every partition's index is attached");
        assertTrue(sales.constraint("sales_pkey").orElseThrow().validated());
        TableInfo byExpr = read.table(table("by_expr")).orElseThrow();
        assertTrue(byExpr.partitioning().keyHasExpressions());
        assertEquals(List.of(), byExpr.partitioning().keyColumns());
        assertEquals(Partitioning.NONE, read.table(table("accounts")).orElseThrow().partitioning());
    }

    @Test
    void readsOnlyUserTriggers() {
        assertEquals(List.of("accounts_touch"), snapshot.table(table("accounts")).orElseThrow().triggers());
        // the FK's internal RI triggers on orders and accounts are not listed
        assertEquals(List.of(), snapshot.table(table("orders")).orElseThrow().triggers());
    }

    @Test
    void readsKindsOfAskedRelationNames() {
        assertEquals('i', snapshot.relationKind(table("accounts_pkey")).orElseThrow());
        assertEquals('r', snapshot.relationKind(table("accounts")).orElseThrow());
        assertTrue(snapshot.relationKind(table("unused_name")).isEmpty());
    }

    @Test
    void restoresTheConnectionsAutoCommit(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(true);
            new CatalogReader().read(c, Set.of(table("accounts")));
            assertTrue(c.getAutoCommit());
            c.setAutoCommit(false);
            new CatalogReader().read(c, Set.of(table("accounts")));
            assertFalse(c.getAutoCommit());
            c.rollback();
        }
    }

    @Test
    void refusesAConnectionInsideAnOpenTransaction(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            assertThrows(IllegalStateException.class, () -> new CatalogReader().read(c, Set.of(table("accounts"))));
            c.rollback();
        }
    }
}
