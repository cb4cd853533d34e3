package io.pgshift.playbook.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.error.ErrorCode;
import io.pgshift.operation.OperationRegistry;
import io.pgshift.plan.Phase;
import io.pgshift.playbook.PlaybookInvalidException;
import io.pgshift.playbook.PlaybookProblem;
import io.pgshift.playbook.SourceLocation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of mistake: where it is reported (file, line, column, path) and what it says. */
class PlaybookProblemsTest {
    private final PlaybookParser parser = new PlaybookParser();

    private List<PlaybookProblem> problems(String yaml) {
        return assertThrows(PlaybookInvalidException.class, () -> parser.parse("pb.yaml", yaml)).problems();
    }

    private PlaybookProblem onlyProblem(String yaml) {
        List<PlaybookProblem> all = problems(yaml);
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    private static void assertProblem(PlaybookProblem p, int line, int column, String path, String message) {
        assertEquals(new SourceLocation("pb.yaml", line, column), p.location(), p.render());
        assertEquals(path, p.path(), p.render());
        assertEquals(message, p.message());
    }

    @Test
    void reportsUnknownKeyWithSuggestionAndLocation() {
        assertProblem(onlyProblem("""
                name: typo
                expand:
                  - add_column:
                      table: users
                      colum: theme
                      type: text
                """), 5, 7, "expand[0].add_column.colum",
                "unknown key 'colum'; expected one of: table, column, type, default, not_null; did you mean 'column'?");
    }

    @Test
    void reportsUnknownKeyWithoutSuggestionWhenNothingIsClose() {
        assertProblem(onlyProblem("""
                name: typo
                contract:
                  - set_not_null: {table: users, column: a, because: reasons}
                """), 3, 45, "contract[0].set_not_null.because",
                "unknown key 'because'; expected one of: table, column");
    }

    @Test
    void reportsWrongTypeAtTheValue() {
        assertProblem(onlyProblem("""
                name: types
                backfill:
                  - table: users
                    set: {theme: "'x'"}
                    keep_in_sync: yes please
                """), 5, 19, "backfill[0].keep_in_sync",
                "expected a boolean (true or false), got a string ('yes please')");
    }

    @Test
    void reportsListWhereAStringIsExpected() {
        assertProblem(onlyProblem("""
                name: types
                contract:
                  - set_default: {table: [users], column: theme, default: "'x'"}
                """), 3, 26, "contract[0].set_default.table", "expected a string, got a list");
    }

    @Test
    void reportsMissingKeyAtTheOperation() {
        assertProblem(onlyProblem("""
                name: missing
                contract:
                  - add_foreign_key:
                      table: users
                      columns: [team_id]
                      references: {columns: [id]}
                """), 6, 7, "contract[0].add_foreign_key.references", "missing key 'table'");
    }

    @Test
    void reportsDuplicateKeyPointingAtTheFirst() {
        assertProblem(onlyProblem("""
                name: dup
                expand:
                  - add_column:
                      table: users
                      column: theme
                      type: text
                      column: colour
                """), 7, 7, "expand[0].add_column.column", "duplicate key 'column' (first at line 5)");
    }

    @Test
    void reportsSameColumnAddedTwiceAtTheSecond() {
        assertProblem(onlyProblem("""
                name: dup-column
                expand:
                  - add_column: {table: users, column: theme, type: text}
                  - add_column: {table: public.users, column: theme, type: text}
                """), 4, 47, "expand[1].add_column.column", "duplicate added column 'users.theme' (first at line 3)");
    }

    @Test
    void reportsIndexAndConstraintSharingAName() {
        assertProblem(onlyProblem("""
                name: dup-name
                expand:
                  - create_index: {table: users, columns: [email]}
                contract:
                  - add_check: {table: users, name: users_email_idx, check: "email <> ''"}
                """), 5, 37, "contract[0].add_check.name",
                "duplicate index or constraint name 'public.users_email_idx' (first at line 3)");
    }

    @Test
    void reportsInvalidIdentifierQuotingIt() {
        assertProblem(onlyProblem("""
                name: ident
                contract:
                  - set_not_null: {table: users, column: Bad Name}
                """), 3, 42, "contract[0].set_not_null.column",
                "expected an identifier (letters, digits, _ or $, not starting with a digit), got 'Bad Name'");
    }

    @Test
    void reportsInvalidPlaybookName() {
        assertProblem(onlyProblem("""
                name: Users_Prefs
                contract:
                  - set_not_null: {table: users, column: a}
                """), 1, 7, "name", "expected a playbook name of lowercase letters, digits and '-' "
                + "(at most 63, e.g. users-preferences), got 'Users_Prefs'");
    }

    @Test
    void reportsInvalidColumnType() {
        assertProblem(onlyProblem("""
                name: type
                expand:
                  - add_column: {table: users, column: theme, type: "text; drop table users"}
                """), 3, 53, "expand[0].add_column.type",
                "expected a type name only, such as bigint, text, varchar(255), numeric(10,2), timestamp with time zone,"
                        + " jsonb or text[] (constraints, defaults, collations and identity are separate: not_null, default,"
                        + " add_unique, add_foreign_key), got 'text; drop table users'");
    }

    @Test
    void reportsBadDuration() {
        assertProblem(onlyProblem("""
                name: durations
                settings:
                  lock_timeout: soon
                contract:
                  - set_not_null: {table: users, column: a}
                """), 3, 17, "settings.lock_timeout", "expected a duration such as 500ms, 30s or 5m, got 'soon'");
    }

    @Test
    void reportsDurationOutOfRangeAndBackoffOrder() {
        List<PlaybookProblem> all = problems("""
                name: durations
                settings:
                  lock_timeout: 2m
                  lock_retries: {initial_backoff: 2s, max_backoff: 1s}
                contract:
                  - set_not_null: {table: users, column: a}
                """);
        assertEquals(2, all.size(), all.toString());
        assertProblem(all.get(0), 3, 17, "settings.lock_timeout", "expected a duration between 1ms and 1m, got 2m");
        assertProblem(all.get(1), 4, 52, "settings.lock_retries.max_backoff",
                "max_backoff (1s) must be at least initial_backoff (2s)");
    }

    @Test
    void reportsBadCronWithTheQuartzFieldOrder() {
        PlaybookProblem p = onlyProblem("""
                name: cron
                backfill:
                  - table: users
                    set: {theme: "'x'"}
                    schedule: {cron: "0 2 * * *"}
                """);
        assertEquals(new SourceLocation("pb.yaml", 5, 22), p.location());
        assertEquals("backfill[0].schedule.cron", p.path());
        assertTrue(p.message().startsWith("expected a Quartz cron expression of 6 or 7 fields "
                + "(sec min hour day-of-month month day-of-week [year]), got '0 2 * * *': "), p.message());
    }

    @Test
    void reportsBadTimeZone() {
        assertProblem(onlyProblem("""
                name: zone
                backfill:
                  - table: users
                    set: {theme: "'x'"}
                    schedule: {cron: "0 * 1-5 * * ?", time_zone: Mars/Olympus}
                """), 5, 50, "backfill[0].schedule.time_zone",
                "expected a time zone such as UTC or Europe/Paris, got 'Mars/Olympus'");
    }

    @Test
    void reportsTwoOperationKeysInOneStep() {
        assertProblem(onlyProblem("""
                name: two-ops
                expand:
                  - add_column: {table: users, column: theme, type: text}
                    sql: "SELECT 1"
                """), 3, 5, "expand[0]",
                "each step is a mapping with exactly one operation key: create_table, add_column, create_index, sql,"
                        + " alter_column_type, rename_table, rename_column or add_enum_value");
    }

    @Test
    void reportsUnknownOperationWithSuggestion() {
        assertProblem(onlyProblem("""
                name: unknown-op
                contract:
                  - set_not_nul: {table: users, column: theme}
                """), 3, 5, "contract[0].set_not_nul", "unknown operation 'set_not_nul'; expected one of: "
                + String.join(", ", OperationRegistry.keys(Phase.CONTRACT)) + "; did you mean 'set_not_null'?");
    }

    @Test
    void reportsSeveralStatementsInOneSqlStep() {
        assertProblem(onlyProblem("""
                name: sql
                expand:
                  - sql: "UPDATE t SET a = ';'; DELETE FROM t"
                """), 3, 10, "expand[0].sql", "expected one SQL statement: text follows the ';' at offset 21:"
                + " one statement per step, split it into several steps");
    }

    @Test
    void refusesRawSqlOutsideATransactionUnlessDeclaredIdempotent() {
        assertProblem(onlyProblem("""
                name: sql
                expand:
                  - sql: "CREATE INDEX CONCURRENTLY users_email_idx ON users (email)"
                """), 3, 10, "expand[0].sql", "CREATE INDEX on users runs outside a transaction block, where pgshift"
                + " cannot record that it ran: a run resumed after a crash would execute it again; if that is harmless,"
                + " write sql: {statement: \"...\", idempotent: true}");
        assertProblem(onlyProblem("""
                name: sql
                expand:
                  - sql: {statement: "VACUUM users", idempotent: false}
                """), 3, 22, "expand[0].sql.statement", "VACUUM on users runs outside a transaction block, where pgshift"
                + " cannot record that it ran: a run resumed after a crash would execute it again; if that is harmless,"
                + " write sql: {statement: \"...\", idempotent: true}");
    }

    @Test
    void reportsAMisspeltKeyOfTheLongSqlForm() {
        assertProblem(onlyProblem("""
                name: sql
                expand:
                  - sql: {statment: "UPDATE t SET a = 1", idempotent: true}
                """), 3, 11, "expand[0].sql.statment",
                "unknown key 'statment'; expected one of: statement, idempotent; did you mean 'statement'?");
    }

    @Test
    void reportsAnEnumValuePlacedBothBeforeAndAfter() {
        assertProblem(onlyProblem("""
                name: enum
                expand:
                  - add_enum_value: {type: user_role, value: teacher, before: admin, after: student}
                """), 3, 77, "expand[0].add_enum_value.after",
                "before and after are mutually exclusive: place the value next to one label");
    }

    @Test
    void reportsAnEnumLabelPostgresqlWouldRefuse() {
        assertProblem(onlyProblem("""
                name: enum
                expand:
                  - add_enum_value: {type: user_role, value: ""}
                """), 3, 46, "expand[0].add_enum_value.value", "expected an enum label of 1 to 63 bytes, got ''");
        String tooLong = "é".repeat(32);
        assertEquals("expected an enum label of 1 to 63 bytes, got '" + tooLong + "'", onlyProblem("name: enum\nexpand:\n"
                + "  - add_enum_value: {type: user_role, value: " + tooLong + "}\n").message());
    }

    @Test
    void reportsAVerifyQueryThatIsNotOneReadOnlySelect() {
        String prefix = "name: v\ncontract:\n  - verify: {sql: \"";
        assertEquals("expected one query per verify step: text follows the ';' at offset 23: one statement per step,"
                + " split it into several steps",
                onlyProblem(prefix + "SELECT count(*) FROM a; SELECT 1\"}\n").message());
        assertTrue(onlyProblem(prefix + "DELETE FROM users WHERE id = 1\"}\n").message()
                .startsWith("expected a SELECT (or WITH ... SELECT) returning one count"));
        assertTrue(onlyProblem(prefix + "VALUES (0)\"}\n").message().endsWith("got another statement"));
        assertEquals("a verify query only reads: no INSERT, UPDATE or DELETE in its WITH, no FOR UPDATE or FOR SHARE",
                onlyProblem(prefix + "WITH d AS (DELETE FROM users RETURNING 1) SELECT count(*) FROM d\"}\n").message());
        assertEquals("a verify query only reads: no INSERT, UPDATE or DELETE in its WITH, no FOR UPDATE or FOR SHARE",
                onlyProblem(prefix + "SELECT count(*) FROM users FOR UPDATE\"}\n").message());
    }

    @Test
    void reportsAVerifyWithBothFormsOrNeither() {
        assertProblem(onlyProblem("""
                name: v
                contract:
                  - verify: {sql: "SELECT count(*) FROM users", table: users, where: "id < 0"}
                """), 3, 5, "contract[0].verify",
                "sql and table are two forms of verify: use one (a query, or a table and a where predicate counted in chunks)");
        assertProblem(onlyProblem("""
                name: v
                contract:
                  - verify: {where: "id < 0"}
                """), 3, 5, "contract[0].verify",
                "expected sql (a counting query) or table and where (a predicate over each row)");
        assertEquals("contract[0].verify.expect", onlyProblem("""
                name: v
                contract:
                  - verify: {table: users, where: "id < 0", expect: -1}
                """).path());
    }

    @Test
    void readsBothFormsOfVerify() {
        var playbook = parser.parse("pb.yaml", """
                name: v
                contract:
                  - verify: {sql: "WITH s AS (SELECT * FROM users) SELECT count(*) FROM s", expect: 3}
                  - verify: {table: users, where: "role = 'student' AND school_class_id IS NULL", description: orphans}
                """);
        assertEquals(new io.pgshift.playbook.Verify("WITH s AS (SELECT * FROM users) SELECT count(*) FROM s", null, null,
                3, null), playbook.contract().get(0));
        assertEquals(new io.pgshift.playbook.Verify(null, new io.pgshift.playbook.TableRef("public", "users"),
                "role = 'student' AND school_class_id IS NULL", 0, "orphans"), playbook.contract().get(1));
    }

    @Test
    void reportsYamlSyntaxErrorAsOneProblem() {
        PlaybookProblem p = onlyProblem("""
                name: broken
                expand:
                  - add_column: {table: users, column: theme
                contract: []
                """);
        assertEquals("pb.yaml", p.location().file());
        assertEquals(4, p.location().line(), p.render());
        assertEquals("", p.path());
        assertTrue(p.message().startsWith("YAML syntax error: "), p.message());
        assertTrue(p.message().lines().count() == 1, p.message());
    }

    @Test
    void reportsEveryProblemInFileOrder() {
        List<PlaybookProblem> all = problems("""
                name: many
                contract:
                  - add_unique: {table: users, columns: []}
                  - set_default: {table: users, column: theme}
                settings:
                  lock_timeout: 0
                expand:
                  - create_table: {table: t, columns: [{name: a, type: int}], primary_key: [b]}
                """);
        assertEquals(List.of("contract[0].add_unique.columns", "contract[1].set_default", "settings.lock_timeout",
                "expand[0].create_table.primary_key[0]"), all.stream().map(PlaybookProblem::path).toList());
        assertEquals("primary key column 'b' is not among the columns: a", all.get(3).message());
        PlaybookInvalidException e = assertThrows(PlaybookInvalidException.class, () -> parser.parse("pb.yaml", "name: x"));
        assertEquals(ErrorCode.PLAYBOOK_INVALID, e.code());
    }

    @Test
    void reportsPlaybookThatDoesNothing() {
        assertProblem(onlyProblem("""
                name: idle
                expand: []
                """), 1, 1, "", "playbook does nothing: give at least one of expand, backfill, contract");
    }

    @Test
    void reportsTopLevelThatIsNotAMapping() {
        PlaybookProblem p = onlyProblem("- name: x\n");
        assertEquals(new SourceLocation("pb.yaml", 1, 1), p.location());
        assertTrue(p.message().startsWith("expected the playbook to be a mapping with keys name,"), p.message());
    }

    @Test
    void appliesSchemaFromLaterSettingsToDuplicateDetection() {
        assertProblem(onlyProblem("""
                name: schema-late
                expand:
                  - create_table: {table: users, columns: [{name: id, type: int}]}
                  - create_table: {table: app.users, columns: [{name: id, type: int}]}
                settings: {schema: app}
                """), 4, 27, "expand[1].create_table.table", "duplicate table 'app.users' (first at line 3)");
    }

    @Test
    void reportsUnreadableFileAsOneProblem(@TempDir Path dir) {
        Path missing = dir.resolve("absent.yaml");
        List<PlaybookProblem> all = assertThrows(PlaybookInvalidException.class, () -> parser.parse(missing)).problems();
        assertEquals(1, all.size());
        assertEquals(missing.toString(), all.get(0).location().file());
        assertTrue(all.get(0).message().startsWith("cannot read the playbook"), all.get(0).message());
    }

    @Test
    void refusesYamlAliasesInsteadOfReadingTheirName() {
        assertProblem(onlyProblem("""
                name: &n alias
                expand:
                  - sql: *n
                """), 3, 10, "expand[0].sql", "YAML aliases (*n) are not supported in playbooks; write the value out");
    }

    @Test
    void reportsABackfillFromItsOwnTableOrWithoutPairs() {
        List<PlaybookProblem> all = problems("""
                name: from
                backfill:
                  - table: orders
                    from: {table: archive.orders, on: {id: id}}
                    set: {note: orders.note}
                  - table: orders
                    from: {table: customers, on: {}, as: c}
                    set: {currency_code: customers.currency}
                """);
        assertEquals(List.of("backfill[0].from.table", "backfill[1].from.on", "backfill[1].from.as"),
                all.stream().map(PlaybookProblem::path).toList(), all.toString());
        assertTrue(all.get(0).message().startsWith("expected another table than the backfilled one, got archive.orders"),
                all.get(0).message());
        assertEquals("expected at least one pair: on: {target_column: source_column}", all.get(1).message());
    }

    @Test
    void reportsBatchSizeOutsideItsBounds() {
        assertProblem(onlyProblem("""
                name: batch
                backfill:
                  - table: users
                    set: {theme: "'x'"}
                    batch: {size: 60000}
                """), 5, 19, "backfill[0].batch.size", "expected min_size <= size <= max_size, got 100 <= 60000 <= 20000 "
                + "(unset values take their defaults: size 1000, min_size 100, max_size 20000)");
    }
}
