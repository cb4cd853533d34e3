package io.pgshift.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgshift.gate.CheckResult;
import io.pgshift.gate.GateCursor;
import io.pgshift.gate.GateResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RunDocumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final RowCounts COUNTS = RowCounts.NONE
            .withBefore(new RowCounts.Counted(Map.of("a", 1L, "public.users", 3L, "public.accounts", 12L),
                    Set.of("public.users")))
            .withAfter(new RowCounts.Counted(Map.of("public.users", 3L), Set.of()));

    private static final GateReport REPORT = new GateReport(2,
            Map.of("contract[0].set_not_null", new GateCursor(List.of("42"), 3, 100, List.of("7", "9"), true)),
            new GateResult(List.of(new CheckResult("contract[0].set_not_null", "NULLs in public.users.email", 3,
                    List.of("7", "9"), 100, "keys", 0))));

    @Test
    void rowCountsPrintAsPostgresPrintsTheJsonbColumn() {
        // SELECT '<the JSON written>'::jsonb::text, PostgreSQL 15
        assertEquals("{\"after\": {\"public.users\": 3}, \"before\": {\"a\": 1, \"public.users\": 3,"
                + " \"public.accounts\": 12}, \"estimated_before\": [\"public.users\"]}", COUNTS.toString());
    }

    @Test
    void rowCountsWriteTheShapeMergedByKeyBefore() throws Exception {
        // what RowCounts.merge wrote: before/after maps, an estimated_ list only when not empty
        assertEquals(JSON.readTree("{\"before\": {\"a\": 1, \"public.users\": 3, \"public.accounts\": 12},"
                + " \"estimated_before\": [\"public.users\"], \"after\": {\"public.users\": 3}}"), JSON.readTree(COUNTS.json()));
        assertEquals(JSON.readTree("{\"before\": {\"t\": 0}}"),
                JSON.readTree(RowCounts.NONE.withBefore(new RowCounts.Counted(Map.of("t", 0L), Set.of())).json()));
    }

    @Test
    void rowCountsReadBackEqual() {
        assertEquals(COUNTS, RowCounts.fromJson(COUNTS.json()));
        assertEquals(COUNTS, RowCounts.fromTree(COUNTS.tree()));
        assertEquals(COUNTS.toString(), RowCounts.fromJson(COUNTS.toString()).toString());
        assertNull(RowCounts.fromJson(null));
    }

    @Test
    void gateReportWritesTheFieldsTheGateAlwaysWrote() throws Exception {
        assertEquals(JSON.readTree("{\"pass\": 2, \"cursors\": {\"contract[0].set_not_null\": {\"lastKey\": [\"42\"],"
                + " \"violations\": 3, \"rowsChecked\": 100, \"samples\": [\"7\", \"9\"], \"done\": true}},"
                + " \"result\": {\"checks\": [{\"path\": \"contract[0].set_not_null\", \"description\":"
                + " \"NULLs in public.users.email\", \"violations\": 3, \"sampleKeys\": [\"7\", \"9\"],"
                + " \"rowsChecked\": 100, \"samplesAre\": \"keys\", \"expected\": 0}]}}"), JSON.readTree(REPORT.json()));
    }

    @Test
    void gateReportReadsBackEqualAndShowsKeysInJsonbOrder() {
        assertEquals(REPORT, GateReport.fromJson(REPORT.json()));
        assertEquals(REPORT, GateReport.fromTree(REPORT.tree()));
        assertEquals(List.of("pass", "result", "cursors"), names(REPORT.tree()));
        assertNull(GateReport.fromJson(null));
    }

    @Test
    void aReportInProgressHasANullResult() {
        GateReport running = new GateReport(1, Map.of(), null);
        assertEquals("{\"pass\": 1, \"result\": null, \"cursors\": {}}", RunDocuments.text(running.tree()));
        assertEquals(running, GateReport.fromJson(running.json()));
    }

    private static List<String> names(com.fasterxml.jackson.databind.JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
