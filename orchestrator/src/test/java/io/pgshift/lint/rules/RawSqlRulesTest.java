package io.pgshift.lint.rules;

import static io.pgshift.lint.PlaybookFixture.rawSql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.lint.Finding;
import io.pgshift.lint.LintRule;
import io.pgshift.lint.sql.RawSqlClassifier;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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
                        "DO $$ BEGIN PERFORM 1; END $$", "INSERT INTO school_classes (name) VALUES ('Kelas Umum')"));
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
}
