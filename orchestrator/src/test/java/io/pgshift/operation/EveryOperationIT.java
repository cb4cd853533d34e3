package io.pgshift.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.cli.Cli;
import io.pgshift.plan.Phase;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every registered operation in ONE playbook, applied to the small tables of its lifecycle case:
 * the quick proof that each operation's SQL and catalog reads work on a given PostgreSQL server
 * (scripts/test-majors runs it on every supported major). First, rows that violate the contract
 * steps make the gate refuse them, with nothing tightened; with the rows repaired, the playbook of
 * every operation is applied, each operation's effect read back from the catalog, the steps found
 * present by a second run, and rollback restores what it can undo.
 *
 * <p>OperationLifecycleIT takes each operation through its journey alone, with the application
 * writing; this test trades that depth for one run of a few seconds.
 */
@ExtendWith(PgDatabaseExtension.class)
class EveryOperationIT {
    private static final String NAME = "every-operation";

    /**
     * Per operation key, a query that is true once the operation took effect; {@code :run} is the
     * run's id. A new operation fails {@link #everyOperationHasAnExpectedEffect} until it has one.
     */
    private static final Map<String, String> EFFECTS = Map.ofEntries(
            Map.entry("create_table", "SELECT count(*) = 1 FROM pg_constraint WHERE conrelid = to_regclass('lc_ct_child')"
                    + " AND contype = 'f' AND confrelid = 'lc_ct_parent'::regclass"),
            Map.entry("add_column", "SELECT " + column("lc_ac", "extra") + " = 'text default ''x''::text'"),
            Map.entry("create_index", "SELECT count(*) = 1 FROM pg_index WHERE indrelid = 'lc_ci'::regclass AND indisvalid"
                    + " AND indkey::text = (SELECT attnum::text FROM pg_attribute WHERE attrelid = 'lc_ci'::regclass"
                    + " AND attname = 'n')"),
            Map.entry("sql", "SELECT to_regclass('lc_sql_log') IS NOT NULL"),
            Map.entry("alter_column_type", "SELECT " + column("lc_act", "id") + " LIKE 'bigint not null%'"
                    + " AND " + column("lc_act_items", "act_id") + " = 'bigint'"
                    + " AND " + column("lc_act", "score") + " = 'smallint'"
                    + " AND (SELECT count(*) = 1 FROM pg_constraint WHERE conrelid = 'lc_act_items'::regclass"
                    + " AND contype = 'f' AND convalidated)"),
            Map.entry("rename_table", "SELECT (SELECT relkind FROM pg_class WHERE oid = to_regclass('lc_rt_renamed')) = 'r'"
                    + " AND (SELECT relkind FROM pg_class WHERE oid = to_regclass('lc_rt')) = 'v'"),
            Map.entry("rename_column", "SELECT " + column("lc_rc", "title") + " = 'text'"
                    + " AND (SELECT count(*) = 0 FROM lc_rc WHERE title IS DISTINCT FROM label)"),
            Map.entry("add_enum_value", "SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) = 'sad,content,happy'"
                    + " FROM pg_enum WHERE enumtypid = 'lc_ev_mood'::regtype"),
            Map.entry("set_not_null", "SELECT " + column("lc_snn", "label") + " = 'text not null'"
                    + " AND (SELECT count(*) = 0 FROM pg_constraint WHERE conrelid = 'lc_snn'::regclass AND contype = 'c')"),
            Map.entry("add_unique", "SELECT count(*) = 1 FROM pg_constraint WHERE conrelid = 'lc_au'::regclass"
                    + " AND contype = 'u' AND pg_get_constraintdef(oid) = 'UNIQUE (label)'"),
            Map.entry("add_foreign_key", "SELECT count(*) = 1 FROM pg_constraint WHERE conrelid = 'lc_fk_child'::regclass"
                    + " AND contype = 'f' AND convalidated AND pg_get_constraintdef(oid) = 'FOREIGN KEY (score) REFERENCES lc_fk_parent(id)'"),
            Map.entry("add_check", "SELECT count(*) = 1 FROM pg_constraint WHERE conname = 'lc_chk_score_range'"
                    + " AND convalidated"),
            Map.entry("set_default", "SELECT " + column("lc_sd", "n") + " = 'integer default 0'"),
            Map.entry("verify", "SELECT count(*) = 3 FROM pgshift.step WHERE run_id = :run AND kind = 'VERIFY'"
                    + " AND state = 'SUCCEEDED'"),
            Map.entry("drop_column", "SELECT " + column("lc_dcol", "legacy") + " IS NULL"),
            Map.entry("drop_index", "SELECT to_regclass('lc_didx_n_idx') IS NULL"),
            Map.entry("drop_constraint", "SELECT count(*) = 0 FROM pg_constraint WHERE conname = 'lc_dcon_label_key'"),
            Map.entry("drop_table", "SELECT to_regclass('lc_dtab_old') IS NULL AND to_regclass('lc_dtab') IS NOT NULL"),
            Map.entry("drop_not_null", "SELECT " + column("lc_dnn", "label") + " = 'text'"),
            Map.entry("drop_default", "SELECT " + column("lc_ddef", "score") + " = 'integer'"));

    @TempDir
    Path tmp;

    @Test
    void everyOperationHasAnExpectedEffect() {
        assertEquals(keys(), EFFECTS.keySet().stream().sorted().toList());
    }

    @Test
    void gateRefusesViolationsThenEveryOperationAppliesIsFoundPresentAndRollsBack(TestDatabase db) throws IOException {
        Map<String, LifecycleCases> cases = new LinkedHashMap<>();
        OperationRegistry.ALL.forEach(t -> cases.put(t.key(), LifecycleCases.BY_KEY.get(t.key())));
        cases.values().forEach(c -> db.execute(c.fixture()));
        Map<String, String> before = new LinkedHashMap<>();
        cases.forEach((key, c) -> before.put(key, catalog(db, c.prefix())));
        Path playbook = write(NAME, cases.values().stream().toList());

        gateRefusesViolatingRowsThenTheirRunIsRolledBack(db, cases, before);

        Cli.Result applied = cli(db, "apply", playbook.toString());
        assertEquals(0, applied.exitCode(), applied.out() + applied.err());
        long runId = db.queryLong("SELECT max(id) FROM pgshift.run WHERE playbook_name = '" + NAME + "'");
        assertEquals("SUCCEEDED", db.queryValue("SELECT state FROM pgshift.run WHERE id = " + runId));
        EFFECTS.forEach((key, query) -> assertEquals(true, db.queryValue(query.replace(":run", Long.toString(runId))),
                key + ": " + query));

        List<LifecycleCases> presentOnes = cases.values().stream().filter(LifecycleCases::present).toList();
        Path again = write(NAME + "-again", presentOnes);
        Cli.Result second = cli(db, "apply", again.toString());
        assertEquals(0, second.exitCode(), second.out() + second.err());
        long againId = db.queryLong("SELECT max(id) FROM pgshift.run WHERE playbook_name = '" + NAME + "-again'");
        assertEquals("", db.queryValue("SELECT coalesce(string_agg(ordinal || ' ' || kind || ' ' || state, ', '), '')"
                + " FROM pgshift.step WHERE run_id = " + againId + " AND kind NOT IN ('GATE', 'VERIFY') AND state <> 'SKIPPED'"),
                "applied again, every step is found present");

        Cli.Result rollback = cli(db, "rollback", Long.toString(runId), "--drop-data");
        assertEquals(0, rollback.exitCode(), rollback.out() + rollback.err());
        cases.forEach((key, c) -> {
            if (c.undoable()) {
                assertEquals(before.get(key), catalog(db, c.prefix()), key + ": rolled back, its tables are as before");
            }
        });
        assertTrue(rollback.out().contains("not undone"), rollback.out());
    }

    /**
     * The contract steps that violating rows make impossible, in a playbook of their own (with no
     * backfill to re-run, the gate refuses at once): refused with samples, nothing tightened; rolled
     * back, and the rows repaired.
     */
    private void gateRefusesViolatingRowsThenTheirRunIsRolledBack(TestDatabase db, Map<String, LifecycleCases> cases,
                                                                  Map<String, String> before) throws IOException {
        Map<String, LifecycleCases> gated = new LinkedHashMap<>();
        cases.forEach((key, c) -> {
            if (c.violation() != null && OperationRegistry.byKey(Phase.CONTRACT, key).isPresent()) {
                gated.put(key, c);
                db.execute(c.violation());
            }
        });
        Path playbook = write(NAME + "-gate", List.copyOf(gated.values()));
        Cli.Result refused = cli(db, "apply", playbook.toString());
        assertEquals(8, refused.exitCode(), refused.out() + refused.err());
        long runId = db.queryLong("SELECT max(id) FROM pgshift.run WHERE playbook_name = '" + NAME + "-gate'");
        assertEquals("FAILED|VERIFYING", db.queryValue("SELECT state || '|' || phase FROM pgshift.run WHERE id = " + runId));
        String error = (String) db.queryValue("SELECT error FROM pgshift.run WHERE id = " + runId);
        assertTrue(error.startsWith("gate failed: ") && error.contains("e.g."), "the gate names samples: " + error);
        assertEquals("PENDING", db.queryValue("SELECT string_agg(DISTINCT state, ',') FROM pgshift.step WHERE run_id = "
                + runId + " AND phase = 'CONTRACT' AND kind <> 'GATE'"), "no contract statement ran");
        gated.forEach((key, c) -> assertEquals(before.get(key), catalog(db, c.prefix()), key + ": nothing tightened"));
        Cli.Result rollback = cli(db, "rollback", Long.toString(runId));
        assertEquals(0, rollback.exitCode(), rollback.out() + rollback.err());
        gated.values().forEach(c -> db.execute(repair(c)));
    }

    private static List<String> keys() {
        return OperationRegistry.ALL.stream().map(OperationType::key).sorted().toList();
    }

    /** Valid values again in the rows a case's violation touched (as OperationLifecycleIT repairs them). */
    private static String repair(LifecycleCases c) {
        return c.fixture().contains("lc_fk_parent") ? "UPDATE lc_fk_child SET score = 1 + id % 100"
                : "UPDATE " + c.prefix() + " SET label = 'label-' || id, score = id % 101 WHERE id <= " + LifecycleCases.ROWS;
    }

    /** The cases' expand steps under one {@code expand:}, their contract steps under one {@code contract:}. */
    private Path write(String name, List<LifecycleCases> cases) throws IOException {
        StringBuilder expand = new StringBuilder();
        StringBuilder contract = new StringBuilder();
        for (LifecycleCases c : cases) {
            StringBuilder into = null;
            for (String line : c.steps().split("\n")) {
                if (line.equals("expand:")) {
                    into = expand;
                } else if (line.equals("contract:")) {
                    into = contract;
                } else {
                    into.append(line).append('\n');
                }
            }
        }
        return Files.writeString(tmp.resolve(name + ".yaml"), "name: " + name + "\n"
                + "settings:\n  lock_timeout: 500ms\n"
                + "  lock_retries: {max_attempts: 100, initial_backoff: 50ms, max_backoff: 500ms}\n"
                + (expand.isEmpty() ? "" : "expand:\n" + expand)
                + (contract.isEmpty() ? "" : "contract:\n" + contract));
    }

    private static Cli.Result cli(TestDatabase db, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--database-url";
        all[args.length + 1] = db.jdbcUrlForChild();
        all[args.length + 2] = "--actor";
        all[args.length + 3] = "every-operation";
        return Cli.run(all);
    }

    /** A column's type, NOT NULL and default as one string, or NULL when it does not exist. */
    private static String column(String table, String column) {
        return "(SELECT format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END"
                + " || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') FROM pg_attribute a"
                + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + " WHERE a.attrelid = '" + table + "'::regclass AND a.attname = '" + column + "' AND NOT a.attisdropped)";
    }

    /**
     * A case's relations (its prefix itself or the prefix followed by {@code _}: lc_ac is not
     * lc_act), their columns, constraints, indexes and triggers, and its enum types' labels.
     */
    private static String catalog(TestDatabase db, String prefix) {
        String stem = prefix.endsWith("_") ? prefix.substring(0, prefix.length() - 1) : prefix;
        String mine = "(%1$s = '" + stem + "' OR %1$s LIKE '" + stem.replace("_", "\\_") + "\\_%%')";
        String rel = mine.formatted("c.relname");
        return (String) db.queryValue("SELECT coalesce(string_agg(line, E'\\n' ORDER BY line), '') FROM ("
                + "SELECT 'relation ' || c.relname || ' ' || c.relkind::text AS line FROM pg_class c"
                + "  WHERE c.relnamespace = 'public'::regnamespace AND " + rel
                + " UNION ALL SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)"
                + "  || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END"
                + "  || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')"
                + "  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                + "  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
                + "  WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND " + rel
                + "  AND a.attnum > 0 AND NOT a.attisdropped"
                + " UNION ALL SELECT 'constraint ' || con.conname || ' ' || pg_get_constraintdef(con.oid) || ' ' || con.convalidated"
                + "  FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid WHERE " + rel
                + " UNION ALL SELECT 'index ' || pg_get_indexdef(i.indexrelid) || ' ' || i.indisvalid"
                + "  FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid WHERE " + rel
                + " UNION ALL SELECT 'trigger ' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                + "  WHERE NOT t.tgisinternal AND " + rel
                + " UNION ALL SELECT 'enum ' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)"
                + "  FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid"
                + "  WHERE t.typnamespace = 'public'::regnamespace AND " + mine.formatted("t.typname") + " GROUP BY t.typname"
                + ") lines");
    }
}
