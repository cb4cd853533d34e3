package io.pgshift.playbook;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlExpressionTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "0",
            "now()",
            "'it''s; fine'",
            "';'",
            "\"a;b\" + 1",
            "E'\\''",
            "e'back\\\\slash; and quote \\' ;'",
            "E'a' || 'b'",
            "coalesce((a + (b * (c - 1))), 0)",
            "arr[1] + arr[2 : 3][1]",
            "$$ a; b $$",
            "$body$ it's; $$ fine $body$",
            "x::text",
            "x::\"MyType\"",
            "lower(name) LIKE 'a--b' OR name = '/* not a comment */'",
            "'{\"a\": 1}'::jsonb ->> 'a'",
            "price$usd > 0",
            "status IN ('a', 'b')\n AND score > 1",
            "regexp_replace(name, '\\d+', '')",
    })
    void acceptsOneExpression(String text) {
        assertNull(SqlExpression.checkExpression(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0; LOCK TABLE users IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(600)",
            "0;",
            "'unterminated",
            "E'escaped quote does not close\\'",
            "'standard\\' string'",
            "\"unterminated identifier",
            "$tag$ never closed",
            "$a$ x $b$",
            "(1 + 2",
            "1 + 2)",
            "(1 + 2]",
            "f(x)) + (",
            "1 -- hidden",
            "1 /* hidden */",
            "1\n\\! touch /tmp/x",
            "1 \\gexec",
            "$pgshift$ || 1",
            "'$pgshift$'",
            "'$PGSHIFT_swap$'",
            "$fn$ x $fn$",
            "x = :USER",
            "x = :'v'",
            "",
            "   ",
            "a\0b",
    })
    void refusesWhatIsNotOneExpression(String text) {
        assertNotNull(SqlExpression.checkExpression(text), text);
    }

    @Test
    void saysWhichQuoteIsOpen() {
        assertTrue(SqlExpression.expressionProblem("f('a)").contains("never closed"));
        assertTrue(SqlExpression.expressionProblem("f(1").contains("'(' is never closed"));
        assertTrue(SqlExpression.expressionProblem("1; DROP TABLE t").contains("';'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE t SET a = 1; -- done\n",
            "SELECT 1 ;; /* trailing */ ",
            "SELECT ';', \"a;b\" FROM t",
            "DO $body$ BEGIN PERFORM 1; END $body$",
            "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql",
            "SELECT 'it''s; fine'",
            "/* a /* nested */ comment; */ SELECT 1",
            "-- why\nCREATE INDEX i ON t (a)",
            "SELECT $pgshift$ raw statements are not wrapped $pgshift$",
    })
    void acceptsOneStatement(String sql) {
        assertNull(SqlExpression.checkStatement(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE t SET a = 1; DELETE FROM t",
            "SELECT $1; SELECT 2",
            "SELECT 1; -- x\nSELECT 2",
            "SELECT 1 -- comment\n\\! touch /tmp/x",
            "SELECT 1 -- comment\r\\! touch /tmp/x",
            "SELECT 1 -- \\! in a comment",
            "SELECT 1 /* never closed",
            "/* /* nested */ still open",
            "SELECT 'open",
            "SELECT (1; SELECT 2)",
            "",
    })
    void refusesWhatIsNotOneStatement(String sql) {
        assertNotNull(SqlExpression.checkStatement(sql), sql);
    }
}
