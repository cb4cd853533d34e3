package io.pgshift.gate;

import io.pgshift.testing.TestDatabase;

/**
 * A gate slow enough for a test to find it between two chunks, whatever the machine's speed: a
 * contract {@code verify} step whose predicate sleeps 20 ms every 200 rows (about 2 s of counting
 * over 20,000 rows, chunk after chunk). It finds no row.
 */
public final class SlowGate {
    private SlowGate() {
    }

    /** Creates {@code <table>_gate_pace(id bigint)} and returns the playbook line of the verify step that calls it. */
    public static String verifyStep(TestDatabase db, String table) {
        db.execute("CREATE FUNCTION " + table + "_gate_pace(id bigint) RETURNS boolean LANGUAGE plpgsql AS $$"
                + " BEGIN IF id % 200 = 0 THEN PERFORM pg_sleep(0.02); END IF; RETURN false; END $$");
        return "  - verify: {table: " + table + ", where: \"" + table + "_gate_pace(t.id)\"}\n";
    }
}
