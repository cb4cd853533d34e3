package io.pgshift.playbook;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StatementScannerTest {
    @Test
    void acceptsOneStatementWithTrailingSemicolonAndComment() {
        assertFalse(StatementScanner.hasSeveralStatements("UPDATE t SET a = 1; -- done\n"));
        assertFalse(StatementScanner.hasSeveralStatements("SELECT 1 ;; /* trailing */ "));
    }

    @Test
    void ignoresSemicolonsInsideQuotesAndDollarQuotes() {
        assertFalse(StatementScanner.hasSeveralStatements("SELECT ';', \"a;b\" FROM t"));
        assertFalse(StatementScanner.hasSeveralStatements("DO $body$ BEGIN PERFORM 1; END $body$"));
        assertFalse(StatementScanner.hasSeveralStatements("CREATE FUNCTION f() AS $$ SELECT 1; $$ LANGUAGE sql"));
        assertFalse(StatementScanner.hasSeveralStatements("SELECT 'it''s; fine'"));
    }

    @Test
    void detectsASecondStatement() {
        assertTrue(StatementScanner.hasSeveralStatements("UPDATE t SET a = 1; DELETE FROM t"));
        assertTrue(StatementScanner.hasSeveralStatements("SELECT $1; SELECT 2"));
    }
}
