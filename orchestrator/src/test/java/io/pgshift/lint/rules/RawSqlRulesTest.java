package io.pgshift.lint.rules;

import static io.pgshift.lint.PlaybookFixture.rawSql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.Severity;
import io.pgshift.lint.sql.RawSqlClassifier;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class RawSqlRulesTest {
    private static final RawSqlClassifier CLASSIFIER = new RawSqlClassifier();

    /** Each rule with a statement it must flag and a safe alternative it must accept. */
    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(new RawSqlAccessExclusiveRule(CLASSIFIER),
                        "ALTER TABLE users RENAME COLUMN a TO b", "ALTER TABLE users VALIDATE CONSTRAINT c"),
                Arguments.of(new RawSqlRewriteRule(CLASSIFIER),
                        "VACUUM FULL users", "VACUUM users"),
                Arguments.of(new RawSqlIndexNotConcurrentRule(CLASSIFIER),
                        "CREATE INDEX users_email_idx ON users (email)",
                        "CREATE INDEX CONCURRENTLY users_email_idx ON users (email)"),
                Arguments.of(new RawSqlConstraintValidatedRule(CLASSIFIER),
                        "ALTER TABLE grades ADD CONSTRAINT score_range CHECK (score BETWEEN 0 AND 100)",
                        "ALTER TABLE grades ADD CONSTRAINT score_range CHECK (score BETWEEN 0 AND 100) NOT VALID"),
                Arguments.of(new RawSqlColumnTypeChangeRule(CLASSIFIER),
                        "ALTER TABLE users ALTER COLUMN age TYPE bigint", "ALTER TABLE users ADD COLUMN age2 bigint"),
                Arguments.of(new RawSqlSetNotNullRule(CLASSIFIER),
                        "ALTER TABLE users ALTER COLUMN email SET NOT NULL",
                        "ALTER TABLE users ALTER COLUMN email DROP NOT NULL"),
                Arguments.of(new RawSqlNotNullColumnRule(CLASSIFIER),
                        "ALTER TABLE users ADD COLUMN n int NOT NULL",
                        "ALTER TABLE users ADD COLUMN n int NOT NULL DEFAULT 0"),
                Arguments.of(new RawSqlWholeTableWriteRule(CLASSIFIER),
                        "UPDATE users SET theme = 'light'", "UPDATE users SET theme = 'light' WHERE id = 1"),
                Arguments.of(new RawSqlDestructiveRule(CLASSIFIER),
                        "ALTER TABLE users DROP COLUMN legacy", "ALTER TABLE users DROP CONSTRAINT legacy_check"),
                Arguments.of(new RawSqlUnrecognisedRule(CLASSIFIER),
                        "DO $$ BEGIN PERFORM 1; END $$", "INSERT INTO school_classes (name) VALUES ('Kelas Umum')"),
                Arguments.of(new RawSqlDropDatabaseRule(CLASSIFIER),
                        "DROP DATABASE school", "DROP INDEX CONCURRENTLY IF EXISTS users_old_idx"),
                Arguments.of(new RawSqlDomainConstraintRule(CLASSIFIER),
                        "CREATE DOMAIN positive_int AS int CHECK (VALUE > 0)", "CREATE DOMAIN label AS text"),
                Arguments.of(new RawSqlRenameRule(CLASSIFIER),
                        "ALTER TYPE user_role RENAME VALUE 'murid' TO 'student'",
                        "ALTER TYPE user_role ADD VALUE IF NOT EXISTS 'student'"),
                Arguments.of(new RawSqlLockTableRule(CLASSIFIER),
                        "LOCK TABLE users IN SHARE MODE", "SELECT count(*) FROM users"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void flagsTheDangerousStatementAtItsSqlStep(LintRule rule, String flagged, String accepted) {
        List<Finding> findings = rule.check(rawSql(accepted, flagged));

        assertEquals(1, findings.size(), () -> findings.toString());
        assertEquals("expand[1].sql", findings.get(0).path());
        assertEquals(rule.id(), findings.get(0).ruleId());
        assertEquals(rule.severity(), findings.get(0).severity());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void acceptsTheSafeAlternative(LintRule rule, String flagged, String accepted) {
        assertEquals(List.of(), rule.check(rawSql(accepted)));
    }

    @Test
    void leavesAccessExclusiveToTheMoreSpecificErrors() {
        LintRule rule = new RawSqlAccessExclusiveRule(CLASSIFIER);

        assertEquals(List.of(), rule.check(rawSql("ALTER TABLE users ALTER COLUMN age TYPE bigint",
                "ALTER TABLE users ALTER COLUMN email SET NOT NULL", "VACUUM FULL users")));
    }

    @Test
    void leavesColumnTypeChangesToTheirOwnRule() {
        assertEquals(List.of(), new RawSqlRewriteRule(CLASSIFIER)
                .check(rawSql("ALTER TABLE users ALTER COLUMN age TYPE bigint")));
    }

    @Test
    void reportsEachDangerousStatementOfAMultiStatementStep() {
        List<Finding> findings = new RawSqlIndexNotConcurrentRule(CLASSIFIER)
                .check(rawSql("CREATE INDEX a ON t (x); REINDEX TABLE t"));

        assertEquals(2, findings.size());
        assertTrue(findings.get(1).hint().contains("REINDEX ... CONCURRENTLY"));
    }

    @Test
    void namesTheVolatileDefaultAsTheCauseOfARewrite() {
        List<Finding> findings = new RawSqlRewriteRule(CLASSIFIER)
                .check(rawSql("ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()"));

        assertEquals(1, findings.size());
        assertTrue(findings.get(0).message().contains("volatile"), findings.get(0).message());
    }

    /**
     * The destructive and locking statements of a peer linter's unsafe examples, and others of the
     * same family: each must be flagged by the rule named (all rules run, as lint does).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        DROP DATABASE school                                        | raw-sql-drop-database        | ERROR
        DROP DATABASE IF EXISTS school WITH (FORCE)                 | raw-sql-drop-database        | ERROR
        CREATE DOMAIN positive_int AS int CHECK (VALUE > 0)         | raw-sql-domain-constraint    | WARNING
        ALTER DOMAIN positive_int ADD CONSTRAINT c CHECK (VALUE < 9) | raw-sql-constraint-validated | ERROR
        ALTER DOMAIN positive_int ADD CHECK (VALUE < 9) NOT VALID   | raw-sql-domain-constraint    | WARNING
        ALTER DOMAIN positive_int VALIDATE CONSTRAINT c             | raw-sql-constraint-validated | ERROR
        DROP SCHEMA legacy CASCADE                                  | raw-sql-destructive          | WARNING
        DROP TYPE user_role                                         | raw-sql-destructive          | WARNING
        DROP VIEW active_students                                   | raw-sql-destructive          | WARNING
        TRUNCATE users                                              | raw-sql-destructive          | WARNING
        ALTER TYPE user_role RENAME VALUE 'murid' TO 'student'      | raw-sql-rename               | WARNING
        ALTER TABLE users RENAME COLUMN role TO kind                | raw-sql-rename               | WARNING
        CREATE RULE r AS ON DELETE TO users DO INSTEAD NOTHING      | raw-sql-access-exclusive     | WARNING
        REINDEX TABLE users                                         | raw-sql-index-not-concurrent | ERROR
        REINDEX DATABASE school                                     | raw-sql-index-not-concurrent | ERROR
        VACUUM FULL users                                           | raw-sql-rewrite              | ERROR
        CLUSTER users USING users_pkey                              | raw-sql-rewrite              | ERROR
        LOCK TABLE users IN SHARE MODE                              | raw-sql-lock-table           | WARNING
        LOCK users                                                  | raw-sql-lock-table           | WARNING
        ALTER TABLE users SET TABLESPACE fast                       | raw-sql-rewrite              | ERROR
        ALTER TABLE users SET LOGGED                                | raw-sql-rewrite              | ERROR
        ALTER TABLE users SET UNLOGGED                              | raw-sql-rewrite              | ERROR
        """)
    void flagsEveryDestructiveOrLockingStatement(String sql, String ruleId, Severity severity) {
        List<Finding> findings = StandardRules.linter(Clock.systemUTC()).lint(rawSql(sql)).findings();

        assertTrue(findings.stream().anyMatch(f -> f.ruleId().equals(ruleId) && f.severity() == severity),
                () -> sql + ": " + findings);
        assertTrue(findings.stream().noneMatch(f -> f.ruleId().equals("raw-sql-unrecognised")), () -> findings.toString());
    }

    @Test
    void saysWhyADomainConstraintHurtsAndWhatToDoInstead() {
        Finding f = new RawSqlDomainConstraintRule(CLASSIFIER)
                .check(rawSql("CREATE DOMAIN positive_int AS int CHECK (VALUE > 0)")).get(0);

        assertTrue(f.message().contains("rewrites the table") && f.message().contains("SHARE"), f.message());
        assertTrue(f.hint().contains("add_check"), f.hint());
        Finding validate = new RawSqlConstraintValidatedRule(CLASSIFIER)
                .check(rawSql("ALTER DOMAIN positive_int VALIDATE CONSTRAINT c")).get(0);
        assertTrue(validate.message().startsWith("ALTER DOMAIN checks the domain's constraint"), validate.message());
        assertTrue(validate.hint().contains("add_check"), validate.hint());
    }

    @Test
    void reportsAnExplicitLockOnceNotAlsoAsAccessExclusive() {
        assertEquals(List.of(), new RawSqlAccessExclusiveRule(CLASSIFIER).check(rawSql("LOCK users")));
    }

    @Test
    void leavesDropDatabaseToItsOwnError() {
        assertEquals(List.of(), new RawSqlDestructiveRule(CLASSIFIER).check(rawSql("DROP DATABASE school")));
    }
}
