package io.pgshift.playbook.parse;

import io.pgshift.playbook.Names;
import io.pgshift.playbook.AddColumn;
import io.pgshift.playbook.CreateIndex;
import io.pgshift.playbook.CreateTable;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.Identifiers;
import io.pgshift.playbook.RawSql;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.parse.DuplicateNames.Kind;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The {@code expand} list: create_table, add_column, create_index, sql. */
final class ExpandStepParser {
    private enum Op {
        CREATE_TABLE, ADD_COLUMN, CREATE_INDEX, SQL;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final List<String> OPERATIONS = Arrays.stream(Op.values()).map(Op::key).toList();
    private static final List<String> INDEX_METHODS = List.of("btree", "hash", "gist", "gin", "brin", "spgist");

    private final ParseContext ctx;
    private final String schema;
    private final DuplicateNames names;

    ExpandStepParser(ParseContext ctx, String schema, DuplicateNames names) {
        this.ctx = ctx;
        this.schema = schema;
        this.names = names;
    }

    List<ExpandStep> parse(List<StrictMap.Item> items) {
        return OperationKey.readAll(ctx, items, OPERATIONS, this::step);
    }

    private ExpandStep step(OperationKey op) {
        return switch (Op.valueOf(op.name().toUpperCase(Locale.ROOT))) {
            case CREATE_TABLE -> createTable(op.fields(ctx, "table", "columns", "primary_key"));
            case ADD_COLUMN -> addColumn(op.fields(ctx, "table", "column", "type", "default", "not_null"));
            case CREATE_INDEX -> createIndex(op.fields(ctx, "table", "columns", "name", "using", "unique", "where"));
            case SQL -> sql(op);
        };
    }

    private CreateTable createTable(StrictMap m) {
        CreateTable step = new CreateTableParser(ctx, schema).parse(m);
        names.claim(Kind.TABLE, display(step.table()), m.valueLocation("table"), m.path("table"));
        return step;
    }

    private AddColumn addColumn(StrictMap m) {
        TableRef table = m.requireTable("table", schema);
        String column = m.requireIdentifier("column");
        String type = m.requireChecked("type", Identifiers::checkSqlType);
        AddColumn step = new AddColumn(table, column, type, m.optionalString("default"), m.bool("not_null", false));
        if (table != null && column != null) {
            names.claim(Kind.ADDED_COLUMN, display(table) + "." + column, m.valueLocation("column"), m.path("column"));
        }
        return step;
    }

    private CreateIndex createIndex(StrictMap m) {
        TableRef table = m.requireTable("table", schema);
        List<String> columns = m.identifiers("columns", true);
        String name = m.has("name") ? m.optionalIdentifier("name") : Names.generated(table, columns, "idx");
        String using = m.choice("using", "btree", INDEX_METHODS);
        CreateIndex step = new CreateIndex(table, name, columns, using, m.bool("unique", false), m.optionalString("where"));
        names.claimRelation(m, table, name);
        return step;
    }

    private RawSql sql(OperationKey op) {
        String sql = new Values(ctx).string(op.body(), op.path());
        if (sql == null) {
            return null;
        }
        if (sql.isBlank()) {
            ctx.problem(op.body().location(), op.path(), "expected a SQL statement, got an empty string");
        } else if (StatementScanner.hasSeveralStatements(sql)) {
            ctx.problem(op.body().location(), op.path(), "one statement per sql step: split it into several sql steps");
        }
        return new RawSql(sql);
    }

    static String display(TableRef table) {
        return table == null ? null : table.display();
    }
}
