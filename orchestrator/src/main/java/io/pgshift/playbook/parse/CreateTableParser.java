package io.pgshift.playbook.parse;

import io.pgshift.playbook.ColumnDef;
import io.pgshift.playbook.CreateTable;
import io.pgshift.playbook.ForeignKeyRef;
import io.pgshift.playbook.Identifiers;
import io.pgshift.playbook.SourceLocation;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code create_table: {table, columns: [{name, type, nullable, default, references}], primary_key}}. */
final class CreateTableParser {
    private final ParseContext ctx;
    private final String schema;

    CreateTableParser(ParseContext ctx, String schema) {
        this.ctx = ctx;
        this.schema = schema;
    }

    CreateTable parse(StrictMap m) {
        TableRef table = m.requireTable("table", schema);
        List<ColumnDef> columns = new ArrayList<>();
        Map<String, SourceLocation> seen = new HashMap<>();
        for (StrictMap.Item item : m.list("columns", true, true)) {
            StrictMap c = StrictMap.of(ctx, item.node(), item.path(), item.location(),
                    "name", "type", "nullable", "default", "references");
            ColumnDef column = column(c);
            if (column.name() == null) {
                continue;
            }
            SourceLocation first = seen.putIfAbsent(column.name(), c.valueLocation("name"));
            if (first != null) {
                c.problem("name", "duplicate column '" + column.name() + "' (first at line " + first.line() + ")");
            } else {
                columns.add(column);
            }
        }
        List<String> primaryKey = new ArrayList<>();
        for (StrictMap.Item item : m.list("primary_key", false, false)) {
            String name = m.values().identifier(item.node(), item.path());
            if (name != null && !seen.containsKey(name)) {
                ctx.problem(item.location(), item.path(), "primary key column '" + name
                        + "' is not among the columns: " + String.join(", ", seen.keySet().stream().sorted().toList()));
            }
            if (name != null) {
                primaryKey.add(name);
            }
        }
        return new CreateTable(table, columns, primaryKey);
    }

    private ColumnDef column(StrictMap c) {
        String name = c.requireIdentifier("name");
        String type = c.requireChecked("type", Identifiers::checkSqlType);
        boolean nullable = c.bool("nullable", true);
        String defaultExpr = c.optionalString("default");
        StrictMap ref = c.optionalMap("references", "table", "column", "on_delete");
        ForeignKeyRef references = ref == null ? null
                : new ForeignKeyRef(ref.requireTable("table", schema), ref.requireIdentifier("column"),
                        ReferentialActions.onDelete(ref));
        return new ColumnDef(name, type, nullable, defaultExpr, references);
    }
}
