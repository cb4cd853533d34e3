package io.pgshift.operation;

import java.util.List;
import java.util.Map;

/**
 * One lifecycle case per registered operation, by its YAML key: a fixture of tables of its
 * own (named {@code lc_<something>}), the playbook's steps, the old application's writes while
 * the playbook runs, and for contract operations the data that must make the gate refuse.
 * {@code OperationRegistryTest} fails when an operation has no case here.
 *
 * @param fixture   SQL creating the case's tables, with a few thousand rows
 * @param prefix    the case's table name prefix: the catalog snapshot covers every relation and enum type starting with it
 * @param steps     the playbook after its name and settings (expand:/contract: lists)
 * @param writes    statements of the old application, run in a loop; {@code :n} is a fresh number
 * @param violation SQL that makes the contract step impossible (the gate must refuse it), or null; for an
 *                  expand operation with a contract of its own (alter_column_type), data it cannot convert
 * @param undoable  whether rollback --drop-data restores the catalog exactly (raw SQL has no undo; a dropped
 *                  column or table cannot get its data back)
 * @param present   whether applying the same steps again finds them present (raw SQL has no guard)
 */
record LifecycleCases(String fixture, String prefix, String steps, List<String> writes, String violation,
                      boolean undoable, boolean present) {
    LifecycleCases(String fixture, String prefix, String steps, List<String> writes, String violation, boolean undoable) {
        this(fixture, prefix, steps, writes, violation, undoable, undoable);
    }

    static final int ROWS = 2000;

    static final Map<String, LifecycleCases> BY_KEY = Map.ofEntries(
            Map.entry("create_table", new LifecycleCases(
                    "CREATE TABLE lc_ct_parent (id bigint PRIMARY KEY, n int NOT NULL);"
                            + "INSERT INTO lc_ct_parent SELECT g, g FROM generate_series(1, " + ROWS + ") g",
                    "lc_ct_",
                    "expand:\n"
                            + "  - create_table:\n"
                            + "      table: lc_ct_child\n"
                            + "      columns:\n"
                            + "        - {name: id, type: bigint, nullable: false}\n"
                            + "        - {name: parent_id, type: bigint, references: {table: lc_ct_parent, column: id}}\n"
                            + "        - {name: note, type: text, default: \"'none'\"}\n"
                            + "      primary_key: [id]\n",
                    List.of("INSERT INTO lc_ct_parent VALUES (1000000 + :n, :n)", "UPDATE lc_ct_parent SET n = n + 1 WHERE id = :id"),
                    null, true)),
            Map.entry("add_column", new LifecycleCases(
                    table("lc_ac"), "lc_ac",
                    "expand:\n  - add_column: {table: lc_ac, column: extra, type: text, default: \"'x'\"}\n",
                    writes("lc_ac"), null, true)),
            Map.entry("create_index", new LifecycleCases(
                    table("lc_ci"), "lc_ci",
                    "expand:\n  - create_index: {table: lc_ci, columns: [n]}\n",
                    writes("lc_ci"), null, true)),
            Map.entry("sql", new LifecycleCases(
                    table("lc_sql"), "lc_sql",
                    "expand:\n  - sql: \"CREATE TABLE IF NOT EXISTS lc_sql_log (id bigint PRIMARY KEY)\"\n",
                    writes("lc_sql"), null, false)),
            Map.entry("set_not_null", new LifecycleCases(
                    table("lc_snn"), "lc_snn",
                    "contract:\n  - set_not_null: {table: lc_snn, column: label}\n",
                    writes("lc_snn"), "UPDATE lc_snn SET label = NULL WHERE id IN (7, 700)", true)),
            Map.entry("add_unique", new LifecycleCases(
                    table("lc_au"), "lc_au",
                    "contract:\n  - add_unique: {table: lc_au, columns: [label]}\n",
                    writes("lc_au"), "UPDATE lc_au SET label = 'label-1' WHERE id = 9", true)),
            Map.entry("add_foreign_key", new LifecycleCases(
                    "CREATE TABLE lc_fk_parent (id int PRIMARY KEY);"
                            + "INSERT INTO lc_fk_parent SELECT g FROM generate_series(1, 100) g;"
                            + table("lc_fk_child") + ";"
                            + "UPDATE lc_fk_child SET score = 1 + id % 100",
                    "lc_fk_",
                    "contract:\n  - add_foreign_key: {table: lc_fk_child, columns: [score],"
                            + " references: {table: lc_fk_parent, columns: [id]}}\n",
                    List.of("INSERT INTO lc_fk_child (n, label, score) VALUES (:n, 'w-' || :n, 1 + :n % 100)",
                            "UPDATE lc_fk_child SET n = n + 1 WHERE id = :id"),
                    "UPDATE lc_fk_child SET score = 999999 WHERE id = 11", true)),
            Map.entry("add_check", new LifecycleCases(
                    table("lc_chk"), "lc_chk",
                    "contract:\n  - add_check: {table: lc_chk, name: lc_chk_score_range, check: \"score BETWEEN 0 AND 100\"}\n",
                    writes("lc_chk"), "UPDATE lc_chk SET score = -5 WHERE id = 13", true)),
            // rollback does not swap the columns back (it says so): the old column is kept until cleanup
            Map.entry("alter_column_type", new LifecycleCases(
                    "CREATE TABLE lc_act (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n int, label text,"
                            + " score int);"
                            + "INSERT INTO lc_act (n, label, score) SELECT g, 'label-' || g, g % 101"
                            + " FROM generate_series(1, " + ROWS + ") g;"
                            + "CREATE TABLE lc_act_items (id bigint PRIMARY KEY, act_id integer REFERENCES lc_act (id));"
                            + "INSERT INTO lc_act_items SELECT g, 1 + g % " + ROWS + " FROM generate_series(1, 500) g;"
                            + "ANALYZE lc_act",
                    "lc_act",
                    "expand:\n  - alter_column_type: {table: lc_act, column: id, type: bigint}\n"
                            + "  - alter_column_type: {table: lc_act_items, column: act_id, type: bigint}\n"
                            + "  - alter_column_type: {table: lc_act, column: score, type: smallint}\n",
                    writes("lc_act"), "UPDATE lc_act SET score = 100000 WHERE id IN (7, 700)", true)),
            Map.entry("rename_table", new LifecycleCases(
                    table("lc_rt"), "lc_rt",
                    "expand:\n  - rename_table: {table: lc_rt, to: lc_rt_renamed}\n",
                    writes("lc_rt"), null, true)),
            Map.entry("rename_column", new LifecycleCases(
                    table("lc_rc") + "; CREATE INDEX lc_rc_label_idx ON lc_rc (label)", "lc_rc",
                    "expand:\n  - rename_column: {table: lc_rc, column: label, to: title}\n",
                    writes("lc_rc"), null, true)),
            Map.entry("set_default", new LifecycleCases(
                    table("lc_sd"), "lc_sd",
                    "contract:\n  - set_default: {table: lc_sd, column: n, default: \"0\"}\n",
                    writes("lc_sd"), null, true)),
            // PostgreSQL cannot drop an enum value: rollback reports it not undone (the snapshot shows the labels)
            Map.entry("add_enum_value", new LifecycleCases(
                    "CREATE TYPE lc_ev_mood AS ENUM ('sad', 'happy');"
                            + "CREATE TABLE lc_ev (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n int,"
                            + " mood lc_ev_mood NOT NULL DEFAULT 'sad');"
                            + "INSERT INTO lc_ev (n, mood) SELECT g, 'happy' FROM generate_series(1, " + ROWS + ") g",
                    "lc_ev",
                    "expand:\n  - add_enum_value: {type: lc_ev_mood, value: content, after: sad}\n",
                    List.of("INSERT INTO lc_ev (n, mood) VALUES (:n, 'happy')", "UPDATE lc_ev SET n = n + 1 WHERE id = :id"),
                    null, false)),
            // the query form, the chunked form, and a count other than 0
            Map.entry("verify", new LifecycleCases(
                    table("lc_vf"), "lc_vf",
                    "contract:\n"
                            + "  - verify: {sql: \"SELECT count(*) FROM lc_vf WHERE score < 0\", description: negative scores}\n"
                            + "  - verify: {table: lc_vf, where: \"score NOT BETWEEN 0 AND 100\"}\n"
                            + "  - verify: {sql: \"SELECT count(*) FROM lc_vf WHERE id <= 3\", expect: 3}\n",
                    writes("lc_vf"), "UPDATE lc_vf SET score = -5 WHERE id IN (5, 50)", true)),
            // The drops: the old application version that used what is dropped has retired by contract
            // time, so the writer never names it. Dropped columns and tables cannot be re-created with
            // their data: rollback lists them as not undone (docs/PLAYBOOKS.md, "Dropping").
            Map.entry("drop_column", new LifecycleCases(
                    table("lc_dcol") + ";ALTER TABLE lc_dcol ADD COLUMN legacy text DEFAULT 'old'", "lc_dcol",
                    "contract:\n  - drop_column: {table: lc_dcol, column: legacy}\n",
                    writes("lc_dcol"), null, false)),
            Map.entry("drop_index", new LifecycleCases(
                    table("lc_didx") + ";CREATE INDEX lc_didx_n_idx ON lc_didx (n)", "lc_didx",
                    "contract:\n  - drop_index: {table: lc_didx, name: lc_didx_n_idx}\n",
                    writes("lc_didx"), null, true)),
            Map.entry("drop_constraint", new LifecycleCases(
                    table("lc_dcon") + ";ALTER TABLE lc_dcon ADD CONSTRAINT lc_dcon_label_key UNIQUE (label)", "lc_dcon",
                    "contract:\n  - drop_constraint: {table: lc_dcon, name: lc_dcon_label_key}\n",
                    writes("lc_dcon"), null, true)),
            Map.entry("drop_table", new LifecycleCases(
                    table("lc_dtab") + ";" + table("lc_dtab_old"), "lc_dtab",
                    "contract:\n  - drop_table: {table: lc_dtab_old}\n",
                    writes("lc_dtab"), null, false)),
            Map.entry("drop_not_null", new LifecycleCases(
                    table("lc_dnn") + ";ALTER TABLE lc_dnn ALTER COLUMN label SET NOT NULL", "lc_dnn",
                    "contract:\n  - drop_not_null: {table: lc_dnn, column: label}\n",
                    writes("lc_dnn"), null, true)),
            Map.entry("drop_default", new LifecycleCases(
                    table("lc_ddef") + ";ALTER TABLE lc_ddef ALTER COLUMN score SET DEFAULT 0", "lc_ddef",
                    "contract:\n  - drop_default: {table: lc_ddef, column: score}\n",
                    writes("lc_ddef"), null, true)));

    /** A table of {@link #ROWS} rows: an identity key, a number, a unique label and a score in 0..100. */
    static String table(String name) {
        return "CREATE TABLE " + name + " (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n int,"
                + " label text, score int);"
                + "INSERT INTO " + name + " (n, label, score) SELECT g, 'label-' || g, g % 101"
                + " FROM generate_series(1, " + ROWS + ") g;"
                + "ANALYZE " + name;
    }

    /** The old application: inserts and updates that name only the columns it knows, with valid values. */
    static List<String> writes(String table) {
        return List.of("INSERT INTO " + table + " (n, label, score) VALUES (:n, 'w-' || :n, :n % 101)",
                "UPDATE " + table + " SET n = n + 1 WHERE id = :id");
    }
}
