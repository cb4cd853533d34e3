package io.pgshift.playbook.parse;

import io.pgshift.playbook.Names;
import io.pgshift.playbook.AddCheck;
import io.pgshift.playbook.AddForeignKey;
import io.pgshift.playbook.AddUnique;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.SetDefault;
import io.pgshift.playbook.SetNotNull;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.parse.DuplicateNames.Kind;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The {@code contract} list: set_not_null, add_unique, add_foreign_key, add_check, set_default. */
final class ContractStepParser {
    private enum Op {
        SET_NOT_NULL, ADD_UNIQUE, ADD_FOREIGN_KEY, ADD_CHECK, SET_DEFAULT;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final List<String> OPERATIONS = Arrays.stream(Op.values()).map(Op::key).toList();

    private final ParseContext ctx;
    private final String schema;
    private final DuplicateNames names;

    ContractStepParser(ParseContext ctx, String schema, DuplicateNames names) {
        this.ctx = ctx;
        this.schema = schema;
        this.names = names;
    }

    List<ContractStep> parse(List<StrictMap.Item> items) {
        return OperationKey.readAll(ctx, items, OPERATIONS, this::step);
    }

    private ContractStep step(OperationKey op) {
        return switch (Op.valueOf(op.name().toUpperCase(Locale.ROOT))) {
            case SET_NOT_NULL -> setNotNull(op.fields(ctx, "table", "column"));
            case ADD_UNIQUE -> addUnique(op.fields(ctx, "table", "columns", "name"));
            case ADD_FOREIGN_KEY -> addForeignKey(op.fields(ctx, "table", "columns", "references", "on_delete", "name"));
            case ADD_CHECK -> addCheck(op.fields(ctx, "table", "name", "check"));
            case SET_DEFAULT -> setDefault(op.fields(ctx, "table", "column", "default"));
        };
    }

    private SetNotNull setNotNull(StrictMap m) {
        TableRef table = m.requireTable("table", schema);
        String column = m.requireIdentifier("column");
        if (table != null && column != null) {
            names.claim(Kind.NOT_NULL_COLUMN, table.display() + "." + column, m.valueLocation("column"), m.path("column"));
        }
        return new SetNotNull(table, column);
    }

    private AddUnique addUnique(StrictMap m) {
        TableRef table = m.requireTable("table", schema);
        List<String> columns = m.identifiers("columns", true);
        String name = m.has("name") ? m.optionalIdentifier("name") : Names.generated(table, columns, "key");
        names.claimRelation(m, table, name);
        return new AddUnique(table, columns, name);
    }

    private AddForeignKey addForeignKey(StrictMap m) {
        TableRef table = m.requireTable("table", schema);
        List<String> columns = m.identifiers("columns", true);
        StrictMap ref = m.requireMap("references", "table", "columns");
        TableRef referenced = ref.requireTable("table", schema);
        List<String> referencedColumns = ref.identifiers("columns", true);
        if (!columns.isEmpty() && !referencedColumns.isEmpty() && columns.size() != referencedColumns.size()) {
            ref.problem("columns", "expected as many referenced columns as columns (" + columns.size()
                    + "), got " + referencedColumns.size());
        }
        String name = m.has("name") ? m.optionalIdentifier("name") : Names.generated(table, columns, "fkey");
        names.claimRelation(m, table, name);
        return new AddForeignKey(table, columns, referenced, referencedColumns, ReferentialActions.onDelete(m), name);
    }

    private AddCheck addCheck(StrictMap m) {
        TableRef table = m.requireTable("table", schema);
        String name = m.requireIdentifier("name");
        String check = m.requireString("check");
        names.claimRelation(m, table, name);
        return new AddCheck(table, name, check);
    }

    private SetDefault setDefault(StrictMap m) {
        return new SetDefault(m.requireTable("table", schema), m.requireIdentifier("column"), m.requireString("default"));
    }
}
