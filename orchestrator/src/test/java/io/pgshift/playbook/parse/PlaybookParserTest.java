package io.pgshift.playbook.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.AddForeignKey;
import io.pgshift.playbook.AddUnique;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.BatchSpec;
import io.pgshift.playbook.ColumnDef;
import io.pgshift.playbook.CreateIndex;
import io.pgshift.playbook.CreateTable;
import io.pgshift.playbook.ForeignKeyRef;
import io.pgshift.playbook.DeploySettings;
import io.pgshift.playbook.LockRetries;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.RawSql;
import io.pgshift.playbook.ReferentialAction;
import io.pgshift.playbook.Requires;
import io.pgshift.playbook.ScheduleSpec;
import io.pgshift.playbook.SetDefault;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.Settings;
import io.pgshift.playbook.SourceLocation;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.ThrottleSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaybookParserTest {
    private static final String FULL = """
            name: users-preferences
            description: Move preferences into their own table
            settings:
              lock_timeout: 2s
              statement_timeout: 1m
              scan_statement_timeout: 0
              lock_retries: {max_attempts: 10, initial_backoff: 100, max_backoff: 5s}
              schema: app
              hold_before_contract: true
              sync_quiet_period: 90s
            requires:
              tables:
                users: [id, theme]
                audit.events: []
            expand:
              - create_table:
                  table: preferences
                  columns:
                    - {name: id, type: bigint, nullable: false}
                    - name: user_id
                      type: bigint
                      nullable: false
                      references: {table: users, column: id, on_delete: set_null}
                    - {name: theme, type: "varchar(32)", default: "'light'"}
                  primary_key: [id]
              - add_column: {table: users, column: prefs_id, type: bigint, default: 0, not_null: true}
              - create_index: {table: users, columns: [prefs_id]}
              - create_index:
                  table: users
                  columns: [theme]
                  name: users_theme_live
                  using: gin
                  unique: true
                  where: "deleted_at IS NULL"
              - sql: "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;"
            backfill:
              - table: users
                set: {prefs_id: "id", theme: "coalesce(theme, 'light')"}
              - table: preferences
                set: {theme: "'dark'"}
                where: "theme IS NULL"
                keep_in_sync: true
                batch: {size: 500, target_ms: 100, min_size: 50, max_size: 5000, pause_ms: 10}
                schedule: {cron: "0 * 1-5 * * ?", time_zone: Europe/Paris}
                throttle: {max_replication_lag: 2s, max_lock_waiters: 1}
            contract:
              - set_not_null: {table: users, column: prefs_id}
              - add_unique: {table: users, columns: [prefs_id]}
              - add_foreign_key:
                  table: users
                  columns: [prefs_id]
                  references: {table: preferences, columns: [id]}
              - add_foreign_key:
                  table: audit.events
                  columns: [user_id]
                  references: {table: users, columns: [id]}
                  on_delete: cascade
                  name: events_user_fk
              - add_unique: {table: users, columns: [theme], name: users_theme_once}
              - add_check: {table: users, name: theme_known, check: "theme IN ('light', 'dark')"}
              - set_default: {table: users, column: theme, default: "'light'"}
            """;

    private final PlaybookParser parser = new PlaybookParser();

    @Test
    void readsBothFormsOfARawSqlStep() {
        Playbook p = parser.parse("sql.yaml", """
                name: sql-forms
                expand:
                  - sql: "UPDATE counters SET n = n + 1 WHERE id = 1"
                  - sql: {statement: "INSERT INTO log VALUES (1)", idempotent: true}
                  - sql:
                      statement: "CREATE INDEX CONCURRENTLY IF NOT EXISTS log_idx ON log (id)"
                      idempotent: true
                  - sql: {statement: "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok'", idempotent: true}
                """);
        assertEquals(List.of(
                new RawSql("UPDATE counters SET n = n + 1 WHERE id = 1", false),
                new RawSql("INSERT INTO log VALUES (1)", true),
                new RawSql("CREATE INDEX CONCURRENTLY IF NOT EXISTS log_idx ON log (id)", true),
                new RawSql("ALTER TYPE mood ADD VALUE IF NOT EXISTS 'ok'", true)), p.expand());
    }

    @Test
    void parsesEveryOperationAndOptionalKey() {
        Playbook p = parser.parse("full.yaml", FULL);

        assertEquals("users-preferences", p.name());
        assertEquals("Move preferences into their own table", p.description());
        assertEquals(new Settings(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ZERO,
                new LockRetries(10, Duration.ofMillis(100), Duration.ofSeconds(5)), "app",
                new DeploySettings(true, Duration.ofSeconds(90))), p.settings());
        assertEquals(new Requires(List.of(
                new Requires.RequiredTable(new TableRef("app", "users"), List.of("id", "theme")),
                new Requires.RequiredTable(new TableRef("audit", "events"), List.of()))), p.requires());

        TableRef users = new TableRef("app", "users");
        TableRef prefs = new TableRef("app", "preferences");
        assertEquals(List.of(
                new CreateTable(prefs, List.of(
                        new ColumnDef("id", "bigint", false, null, null),
                        new ColumnDef("user_id", "bigint", false, null,
                                new ForeignKeyRef(users, "id", ReferentialAction.SET_NULL)),
                        new ColumnDef("theme", "varchar(32)", true, "'light'", null)), List.of("id")),
                new AddColumn(users, "prefs_id", "bigint", "0", true),
                new CreateIndex(users, "users_prefs_id_idx", List.of("prefs_id"), "btree", false, null),
                new CreateIndex(users, "users_theme_live", List.of("theme"), "gin", true, "deleted_at IS NULL"),
                new RawSql("CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;")), p.expand());

        assertEquals(List.of(
                new Backfill(users, Map.of("prefs_id", "id", "theme", "coalesce(theme, 'light')"), null, false,
                        BatchSpec.DEFAULT, null, ThrottleSpec.DEFAULT),
                new Backfill(prefs, Map.of("theme", "'dark'"), "theme IS NULL", true,
                        new BatchSpec(500, 100, 50, 5000, 10),
                        new ScheduleSpec("0 * 1-5 * * ?", ZoneId.of("Europe/Paris")),
                        new ThrottleSpec(Duration.ofSeconds(2), 1))), p.backfill());

        assertEquals(List.of(
                new SetNotNull(users, "prefs_id"),
                new AddUnique(users, List.of("prefs_id"), "users_prefs_id_key"),
                new AddForeignKey(users, List.of("prefs_id"), prefs, List.of("id"), ReferentialAction.NO_ACTION,
                        "users_prefs_id_fkey"),
                new AddForeignKey(new TableRef("audit", "events"), List.of("user_id"), users, List.of("id"),
                        ReferentialAction.CASCADE, "events_user_fk"),
                new AddUnique(users, List.of("theme"), "users_theme_once"),
                new AddCheck(users, "theme_known", "theme IN ('light', 'dark')"),
                new SetDefault(users, "theme", "'light'")), p.contract());
        assertEquals(FULL, p.source());
        assertEquals("full.yaml", p.file());
    }

    @Test
    void readsABackfillFromAnotherTableWithItsPairsInOrder() {
        Playbook p = parser.parse("from.yaml", """
                name: orders-currency
                backfill:
                  - table: orders
                    from: {table: sales.customers, on: {region: region, customer_id: id}}
                    set: {currency_code: customers.currency}
                """);

        Backfill b = p.backfill().get(0);
        assertEquals(new TableRef("sales", "customers"), b.from().table());
        assertEquals(List.of("region", "customer_id"), List.copyOf(b.from().on().keySet()));
        assertEquals("id", b.from().on().get("customer_id"));
        assertEquals("sales.customers on region = region and customer_id = id", b.from().describe());
        assertNull(parser.parse("plain.yaml", """
                name: plain
                backfill:
                  - {table: orders, set: {currency_code: "'EUR'"}}
                """).backfill().get(0).from());
    }

    @Test
    void appliesDefaultsWhenOptionalSectionsAreAbsent() {
        Playbook p = parser.parse("min.yaml", """
                name: minimal
                contract:
                  - set_not_null: {table: users, column: email}
                """);

        assertEquals(Settings.DEFAULT, p.settings());
        assertEquals(Requires.NONE, p.requires());
        assertNull(p.description());
        assertTrue(p.expand().isEmpty());
        assertEquals(List.of(new SetNotNull(new TableRef("public", "users"), "email")), p.contract());
    }

    @Test
    void locatesEveryStepAndKey() {
        Playbook p = parser.parse("full.yaml", FULL);

        assertEquals(new SourceLocation("full.yaml", 48, 5), p.locate("contract[1]"));
        assertEquals(new SourceLocation("full.yaml", 48, 5), p.locate("contract[1].add_unique"));
        assertEquals(new SourceLocation("full.yaml", 48, 18), p.locate("contract[1].add_unique.table"));
        assertEquals(new SourceLocation("full.yaml", 4, 3), p.locate("settings.lock_timeout"));
        assertEquals(new SourceLocation("full.yaml", 24, 11), p.locate("expand[0].create_table.columns[2]"));
        assertEquals(new SourceLocation("full.yaml", 13, 5), p.locate("requires.tables.users"));
        assertEquals(new SourceLocation("full.yaml", 45, 41), p.locate("backfill[1].throttle.max_lock_waiters"));
        assertFalse(p.locations().isEmpty());
    }

    @Test
    void appliesSchemaFromSettingsWrittenAfterTheSteps() {
        Playbook p = parser.parse("late.yaml", """
                name: late-settings
                expand:
                  - add_column: {table: users, column: theme, type: text}
                  - add_column: {table: other.users, column: theme, type: text}
                settings:
                  schema: app
                """);

        assertEquals(new TableRef("app", "users"), ((AddColumn) p.expand().get(0)).table());
        assertEquals(new TableRef("other", "users"), ((AddColumn) p.expand().get(1)).table());
    }

    @Test
    void truncatesLongGeneratedNamesWithAHashSuffix() throws Exception {
        Playbook p = parser.parse("long.yaml", """
                name: long-names
                expand:
                  - create_index:
                      table: a_rather_long_table_name_for_testing
                      columns: [first_long_column_name, second_long_column_name]
                """);

        String full = "a_rather_long_table_name_for_testing_first_long_column_name_second_long_column_name_idx";
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(full.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
        assertEquals(full.substring(0, 54) + "_" + hash, ((CreateIndex) p.expand().get(0)).name());
    }
}
