package io.pgshift.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TypeNamesTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "int | integer", "int4 | integer", "INTEGER | integer", "serial | integer",
            "int8 | bigint", "bigint | bigint", "bigserial | bigint",
            "int2 | smallint", "smallint | smallint",
            "varchar(255) | character varying(255)", "character varying(255) | character varying(255)",
            "varchar | character varying", "VARCHAR ( 20 ) | character varying(20)",
            "char(3) | character(3)",
            "timestamptz | timestamp with time zone", "timestamp with time zone | timestamp with time zone",
            "timestamptz(3) | timestamp(3) with time zone",
            "timestamp(3) with time zone | timestamp(3) with time zone",
            "timestamp | timestamp without time zone", "timestamp without time zone | timestamp without time zone",
            "bool | boolean", "float8 | double precision", "double precision | double precision", "float4 | real",
            "numeric(10, 2) | numeric(10,2)", "decimal(10,2) | numeric(10,2)", "numeric | numeric",
            "text | text", "uuid | uuid", "jsonb | jsonb", "pg_catalog.int4 | integer",
            "int[] | integer[]", "text[][] | text[][]", "varchar(10)[] | character varying(10)[]",
            "timestamptz[] | timestamp with time zone[]"})
    void normalisesAliasesToFormatTypeSpelling(String written, String expected) {
        assertEquals(expected, TypeNames.normalise(written));
    }

    @Test
    void comparesSpellingsOfTheSameType() {
        assertTrue(TypeNames.same("int8", "bigint"));
        assertTrue(TypeNames.same("varchar(20)", "character varying(20)"));
        assertFalse(TypeNames.same("integer", "bigint"));
        assertFalse(TypeNames.same("varchar(20)", "varchar(30)"));
        assertFalse(TypeNames.same("timestamp", "timestamptz"));
    }
}
