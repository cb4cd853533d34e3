package io.pgshift.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgshift.json.Mappers;
import io.pgshift.plan.LockMode;
import io.pgshift.plan.Statement;
import io.pgshift.plan.TableImpact;
import io.pgshift.plan.TxMode;
import io.pgshift.plan.Undo;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A step's {@link Undo} as stored in {@code pgshift.step.undo}: every field of each statement, by name. */
final class UndoJson {
    private UndoJson() {
    }

    static String write(Undo undo) {
        ObjectNode root = Mappers.JSON.createObjectNode();
        root.set("keep_data", statements(undo.keepData()));
        root.set("drop_data", statements(undo.dropData()));
        return root.toString();
    }

    static Undo read(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode root = Mappers.JSON.readTree(json);
            return new Undo(statements(root.path("keep_data")), statements(root.path("drop_data")));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("stored undo of a step is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static ArrayNode statements(List<Statement> statements) {
        ArrayNode array = Mappers.JSON.createArrayNode();
        for (Statement s : statements) {
            array.addObject().put("sql", s.sql()).put("table", s.table()).put("lock", s.lock().name())
                    .put("impact", s.impact().name()).put("tx", s.tx().name()).put("timeout", s.timeout().name())
                    .put("guard", s.guard());
        }
        return array;
    }

    private static List<Statement> statements(JsonNode array) {
        List<Statement> out = new ArrayList<>();
        for (JsonNode s : array) {
            out.add(new Statement(s.path("sql").asText(), text(s, "table"), LockMode.valueOf(s.path("lock").asText()),
                    TableImpact.valueOf(s.path("impact").asText()), TxMode.valueOf(s.path("tx").asText()),
                    Statement.TimeoutClass.valueOf(s.path("timeout").asText()), text(s, "guard")));
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
