package io.pgshift.playbook.parse;

import io.pgshift.playbook.Identifiers;
import io.pgshift.playbook.Requires;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;

/** {@code requires: {tables: {users: [id, theme], grades: []}}}. */
final class RequiresParser {
    private RequiresParser() {
    }

    /** {@link Requires#NONE} when {@code requires} is absent. */
    static Requires parse(StrictMap m, String schema) {
        if (m == null) {
            return Requires.NONE;
        }
        Values values = m.values();
        List<Requires.RequiredTable> tables = new ArrayList<>();
        for (YamlNode.Entry e : m.entries("tables", true)) {
            String path = m.path("tables") + "." + e.key();
            values.key(e, path, Identifiers::checkTableName);
            boolean noColumns = e.value() instanceof YamlNode.Scalar s && s.isNull();
            List<String> columns = noColumns ? List.of()
                    : values.names(e.value(), path, false, Identifiers::checkIdentifier);
            if (columns != null) {
                tables.add(new Requires.RequiredTable(TableRef.parse(e.key(), schema), columns));
            }
        }
        return new Requires(tables);
    }
}
