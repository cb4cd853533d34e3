package io.pgshift.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgshift.operation.PlaybookNames;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.TableRef;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact row counts of the tables a playbook touches, before expand and after contract: the
 * runbooks' "the user count did not change" check. Tables that do not exist yet are left out.
 */
final class RowCounts {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RowCounts() {
    }

    static Map<String, Long> count(Connection c, Playbook playbook) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        for (TableRef table : PlaybookNames.tables(playbook)) {
            try (Statement st = c.createStatement();
                 ResultSet exists = st.executeQuery("SELECT to_regclass(" + io.pgshift.playbook.Sql.literal(table.sql()) + ")")) {
                exists.next();
                if (exists.getString(1) == null) {
                    continue;
                }
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table.sql())) {
                rs.next();
                counts.put(table.display(), rs.getLong(1));
            }
        }
        return counts;
    }

    /** Merges counts under {@code key} ("before" or "after") into the stored JSON. */
    static String merge(String storedJson, String key, Map<String, Long> counts) {
        try {
            ObjectNode root = storedJson == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(storedJson);
            root.set(key, JSON.valueToTree(counts));
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("row counts JSON is corrupt: " + storedJson, e);
        }
    }
}
