package io.pgshift.lint.sql;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlExpressionsTest {
    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", "(false)", "1=0", "1 = 2", "( 1.0 = 2 )", "'a' = 'b'", "null",
            "not true", "true = false"})
    void recognisesPredicatesThatMatchNoRow(String predicate) {
        assertTrue(SqlExpressions.isAlwaysFalse(predicate));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "1 = 1", "1.0 = 1", "role = 'student'", "a = 0", "(1=0) or x", "'false'"})
    void keepsPredicatesThatMayMatchRows(String predicate) {
        assertFalse(SqlExpressions.isAlwaysFalse(predicate));
    }

    @Test
    void recognisesAColumnReferencedAsItself() {
        assertTrue(SqlExpressions.isColumnReference("theme", "theme"));
        assertTrue(SqlExpressions.isColumnReference(" \"theme\" ", "theme"));
        assertTrue(SqlExpressions.isColumnReference("(THEME)", "theme"));
        assertTrue(SqlExpressions.isColumnReference("\"Theme\"", "Theme"));
    }

    @Test
    void doesNotTakeOtherExpressionsForTheColumn() {
        assertFalse(SqlExpressions.isColumnReference("Theme", "Theme"));
        assertFalse(SqlExpressions.isColumnReference("coalesce(theme, 'light')", "theme"));
        assertFalse(SqlExpressions.isColumnReference("'theme'", "theme"));
        assertFalse(SqlExpressions.isColumnReference("other", "theme"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NULL", "null", " ( NULL ) ", "NULL::text", "(null)::character varying(3)",
            "null::text::jsonb", "CAST(NULL AS jsonb)", "cast((null) as text)", "/* none */ null"})
    void recognisesTheNullConstantHoweverCast(String expression) {
        assertTrue(SqlExpressions.isNullLiteral(expression));
        assertFalse(SqlExpressions.isNonNullDefault(expression));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'NULL'", "'EUR'", "0", "nullif(a, '')", "now()", "CAST(0 AS int)", "coalesce(null, 1)",
            "'x'::text", "NULL::int IS NULL", "(NULL::int) IS NULL", "'x'::character varying(3)"})
    void takesOtherDefaultsForValues(String expression) {
        assertFalse(SqlExpressions.isNullLiteral(expression));
        assertTrue(SqlExpressions.isNonNullDefault(expression));
    }

    @Test
    void takesAMissingOrBlankDefaultForNoValue() {
        assertFalse(SqlExpressions.isNonNullDefault(null));
        assertFalse(SqlExpressions.isNonNullDefault("  "));
    }

    @Test
    void findsAColumnNamedAnywhereInAnExpression() {
        assertTrue(SqlExpressions.mentionsColumn("currency_code IN ('EUR', 'USD')", "currency_code"));
        assertTrue(SqlExpressions.mentionsColumn("length(orders.currency_code) = 3", "currency_code"));
        assertTrue(SqlExpressions.mentionsColumn("\"Code\" IS NOT NULL", "Code"));
        assertTrue(SqlExpressions.mentionsColumn("total > 0 AND CURRENCY_CODE <> ''", "currency_code"));
    }

    @Test
    void doesNotTakeLiteralsFunctionsOrTypesForTheColumn() {
        assertFalse(SqlExpressions.mentionsColumn("note <> 'currency_code'", "currency_code"));
        assertFalse(SqlExpressions.mentionsColumn("currency_code_old IS NOT NULL", "currency_code"));
        assertFalse(SqlExpressions.mentionsColumn("length(name) > 0", "length"));
        assertFalse(SqlExpressions.mentionsColumn("amount::money > 0", "money"));
        assertFalse(SqlExpressions.mentionsColumn("Code IS NOT NULL", "Code"));
    }

    @Test
    void tellsVolatileDefaultsFromStableOnes() {
        assertTrue(VolatileFunctions.isVolatile("clock_timestamp()"));
        assertTrue(VolatileFunctions.isVolatile("uuid_generate_v4()"));
        assertTrue(VolatileFunctions.isVolatile("nextval('users_id_seq'::regclass)"));
        assertTrue(VolatileFunctions.isVolatile("(random() * 10)::int"));
        assertFalse(VolatileFunctions.isVolatile("now()"));
        assertFalse(VolatileFunctions.isVolatile("current_timestamp"));
        assertFalse(VolatileFunctions.isVolatile("'random()'"));
        assertFalse(VolatileFunctions.isVolatile("0"));
    }
}
