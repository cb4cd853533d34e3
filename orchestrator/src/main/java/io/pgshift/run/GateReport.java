package io.pgshift.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.gate.GateCursor;
import io.pgshift.gate.GateResult;
import java.util.Map;

/**
 * What a run's {@code gate_report} holds: the gate's pass number, each check's cursor (saved after
 * every chunk, so a resumed gate goes on where it stopped), and the result once the pass is
 * complete (null before).
 */
public record GateReport(int pass, Map<String, GateCursor> cursors, GateResult result) {
    public GateReport {
        cursors = Map.copyOf(cursors);
    }

    /** The document as stored and shown (JSONB key order). */
    public JsonNode tree() {
        return RunDocuments.tree(RunDocuments.MAPPER.valueToTree(this));
    }

    String json() {
        return RunDocuments.json(tree());
    }

    /** The stored JSON back; null stays null. */
    public static GateReport fromJson(String json) {
        return json == null ? null : fromTree(RunDocuments.parse(json, "gate report"));
    }

    /** A document as {@link #tree()} gives it (read back from the API, say); null or JSON null stays null. */
    public static GateReport fromTree(JsonNode tree) {
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            return null;
        }
        try {
            return RunDocuments.MAPPER.treeToValue(tree, GateReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("gate report is corrupt: " + e.getOriginalMessage(), e);
        }
    }
}
