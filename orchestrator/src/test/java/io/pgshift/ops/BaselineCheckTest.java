package io.pgshift.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.ConstraintInfo;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.TableInfo;
import io.pgshift.playbook.Requires;
import io.pgshift.playbook.TableRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineCheckTest {
    private static final TableInfo USERS = new TableInfo("public", "users", 5, 8192,
            List.of(new ColumnInfo("id", "bigint", true, null, 1), new ColumnInfo("theme", "text", false, "'light'::text", 2)),
            List.of(new IndexInfo("users_pkey", List.of("id"), true, true, true, false,
                    "CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id)")),
            List.of(new ConstraintInfo("users_pkey", 'p', List.of("id"), "PRIMARY KEY (id)", true, null, null)),
            List.of("users_audit"));

    private static Baseline baseline() {
        Map<String, TableInfo> tables = Map.of("users", USERS);
        return new Baseline(7, "public", "app", "15.4", SnapshotJson.checksum(tables), "ops", Instant.EPOCH, tables);
    }

    private static Requires requires(String table, String... columns) {
        return new Requires(List.of(new Requires.RequiredTable(TableRef.parse(table, "public"), List.of(columns))));
    }

    @Test
    void requiredTablesAndColumnsInTheBaselineHaveNoGap() {
        assertEquals(List.of(), BaselineCheck.gaps(requires("users", "id", "theme"), baseline()));
    }

    @Test
    void aMissingColumnAndAMissingTableAreEachAGap() {
        var gaps = BaselineCheck.gaps(new Requires(List.of(
                new Requires.RequiredTable(new TableRef("public", "users"), List.of("id", "locale")),
                new Requires.RequiredTable(new TableRef("public", "surveys"), List.of("id")))), baseline());
        assertEquals(List.of("column users.locale: absent from baseline 7", "table surveys: absent from baseline 7"),
                gaps.stream().map(BaselineGap::text).toList());
    }

    @Test
    void aTableInAnotherSchemaIsNotCoveredByTheBaseline() {
        var gaps = BaselineCheck.gaps(requires("audit.events"), baseline());
        assertTrue(gaps.get(0).text().contains("schema audit is not covered by baseline 7"), gaps.get(0).text());
    }

    @Test
    void theSnapshotSurvivesAJsonRoundTripWithTheSameChecksum() {
        String json = PlainJson.canonical(SnapshotJson.of(Map.of("users", USERS)));
        var parsed = SnapshotJson.parse(json);
        assertEquals(SnapshotJson.checksum(Map.of("users", USERS)), SnapshotJson.checksum(parsed));
        assertEquals(List.of(), SchemaDiff.compare(Map.of("users", USERS), parsed));
        assertTrue(baseline().intact());
    }
}
