package io.pgshift.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgshift.plan.Statement;
import io.pgshift.plan.TableImpact;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.TableRef;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The statements add_column plans, run on a real table: NOT NULL with a constant default neither
 * rewrites the table (same relfilenode) nor scans it, while the running application's INSERTs,
 * which do not name the column, get the default.
 */
@ExtendWith(PgDatabaseExtension.class)
class AddColumnOperationIT {
    private static final TableRef ORDERS = new TableRef("public", "orders");
    private static final long ROWS = 300_000;
    private static TestDatabase db;

    @BeforeAll
    static void createOrders(TestDatabase database) {
        db = database;
        db.execute("CREATE TABLE orders (id bigint PRIMARY KEY, total numeric NOT NULL);"
                + "INSERT INTO orders SELECT g, g % 1000 FROM generate_series(1, " + ROWS + ") g;"
                + "ANALYZE orders");
    }

    @Test
    void notNullWithAConstantDefaultNeitherRewritesNorScansAndFillsOldInserts() throws SQLException {
        Statement add = new AddColumnOperation(new AddColumn(ORDERS, "currency_code", "text", "'EUR'", true)).apply().get(0);
        assertEquals(TableImpact.METADATA, add.impact());
        long fileBefore = db.queryLong("SELECT relfilenode FROM pg_class WHERE oid = 'orders'::regclass");

        try (Connection c = db.connect(); java.sql.Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute(add.sql());
            // The transaction's own counters: a verifying scan (as SET NOT NULL does) would count one here.
            try (var rs = s.executeQuery("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'orders'")) {
                rs.next();
                assertEquals(0, rs.getLong(1), "ADD COLUMN ... DEFAULT ... NOT NULL must not scan the table");
            }
            c.commit();
        }

        assertEquals(fileBefore, db.queryLong("SELECT relfilenode FROM pg_class WHERE oid = 'orders'::regclass"),
                "the table must not be rewritten");
        assertEquals(true, db.queryValue("SELECT attnotnull FROM pg_attribute WHERE attrelid = 'orders'::regclass"
                + " AND attname = 'currency_code'"));
        assertEquals(ROWS, db.queryLong("SELECT count(*) FROM orders WHERE currency_code = 'EUR'"));
        db.execute("INSERT INTO orders (id, total) VALUES (0, 1)");
        assertEquals("EUR", db.queryValue("SELECT currency_code FROM orders WHERE id = 0"));
    }

    @Test
    void notNullWithANullDefaultFailsCleanlyAndLeavesTheTableAsItWas() {
        Statement add = new AddColumnOperation(new AddColumn(ORDERS, "region", "text", "NULL", true)).apply().get(0);
        assertEquals(TableImpact.SCAN, add.impact());

        SQLException e = assertThrows(SQLException.class, () -> {
            try (Connection c = db.connect(); java.sql.Statement s = c.createStatement()) {
                s.execute(add.sql());
            }
        });

        assertEquals("23502", e.getSQLState(), e.getMessage());
        assertEquals(0, db.queryLong("SELECT count(*) FROM pg_attribute WHERE attrelid = 'orders'::regclass"
                + " AND attname = 'region'"));
    }
}
