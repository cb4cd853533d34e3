package io.pgshift.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GrantAndSettingDiffTest {
    private static final TableGrant OWNER = new TableGrant("users", null, "app", "SELECT", false);
    private static final TableGrant READER = new TableGrant("users", null, "reader", "SELECT", false);
    private static final TableGrant EMAIL = new TableGrant("users", "email", "writer", "UPDATE", false);

    private static List<String> grants(List<TableGrant> from, List<TableGrant> to) {
        return GrantDiff.compare(Map.of("users", from), Map.of("users", to)).stream().map(SchemaDifference::text).toList();
    }

    @Test
    void aTableAndAColumnGrantOnOneSideAreAddedOrRemoved() {
        assertEquals(List.of("+ grant SELECT on users to reader", "+ grant UPDATE (email) on users to writer"),
                grants(List.of(OWNER), List.of(OWNER, READER, EMAIL)));
        assertEquals(List.of("- grant SELECT on users to reader"), grants(List.of(OWNER, READER), List.of(OWNER)));
    }

    @Test
    void theGrantOptionIsComparedAndShown() {
        var grantable = new TableGrant("users", null, "reader", "SELECT", true);
        assertEquals(List.of("~ grant SELECT on users to reader: grant option without -> with grant option"),
                grants(List.of(READER), List.of(grantable)));
        assertEquals(List.of("+ grant SELECT on users to reader: with grant option"), grants(List.of(), List.of(grantable)));
    }

    @Test
    void grantsOnATableOfOneSideOnlyAreLeftToTheTableDifference() {
        var d = GrantDiff.compare(Map.of("users", List.of(OWNER)), Map.of("users", List.of(OWNER), "grades", List.of(READER)));
        assertEquals(List.of(), d);
    }

    @Test
    void privilegesAreDriftSettingsAreWarnings() {
        Map<String, String> a = new LinkedHashMap<>(Map.of("lock_timeout", "0"));
        a.put("autovacuum", "on");
        Map<String, String> b = new LinkedHashMap<>(Map.of("lock_timeout", "3s"));
        b.put("autovacuum", "on");
        List<SchemaDifference> settings = SettingDiff.compare(a, b);
        assertEquals(List.of("~ setting lock_timeout: 0 -> 3s (warning, not drift)"),
                settings.stream().map(SchemaDifference::text).toList());
        assertFalse(settings.get(0).drift());
        assertTrue(GrantDiff.compare(Map.of("users", List.of()), Map.of("users", List.of(READER))).get(0).drift());
    }

    @Test
    void aComparisonWithOnlySettingsDifferingIsNotEqualButNotDrift() {
        TargetRef stg = TargetRef.parse("staging=jdbc:postgresql://stg/app");
        var only = new SchemaComparison(stg, stg, "public", 1, SettingDiff.compare(Map.of("wal_level", "replica"),
                Map.of("wal_level", "logical")));
        assertFalse(only.equal());
        assertFalse(only.drift());
        assertTrue(only.text().endsWith("1 differences (1 settings: warnings, not drift)\n"), only.text());
    }
}
