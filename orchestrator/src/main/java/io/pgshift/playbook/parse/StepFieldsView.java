package io.pgshift.playbook.parse;

import io.pgshift.playbook.ClaimedName;
import io.pgshift.playbook.SourceLocation;
import io.pgshift.playbook.SqlExpression;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A step's fields for its operation type: a {@link StrictMap} (or, for a step whose value is a
 * string, that scalar) with the playbook's default schema and its name claims.
 */
final class StepFieldsView implements StepFields {
    /**
     * What every step of one playbook shares: where problems are reported, the default schema of
     * its table names, and the names its steps claim (so that two steps cannot create one).
     */
    private record Scope(ParseContext ctx, String schema, DuplicateNames names) {
    }

    private final ParseContext ctx;
    /** The step's mapping; null for a step whose value is a string (then {@code body} is it). */
    private final StrictMap map;
    private final YamlNode body;
    /** Where "missing key" problems of the step's mapping point: its operation key. */
    private final SourceLocation anchor;
    private final String path;
    private final String schema;
    private final DuplicateNames names;

    private StepFieldsView(Scope scope, StrictMap map, YamlNode body, SourceLocation anchor, String path) {
        this.ctx = scope.ctx();
        this.map = map;
        this.body = body;
        this.anchor = anchor;
        this.path = path;
        this.schema = scope.schema();
        this.names = scope.names();
    }

    /** The fields of {@code op}: a mapping with {@code keys}, or, with no keys, the string value itself. */
    static StepFieldsView of(ParseContext ctx, OperationKey op, List<String> keys, String schema, DuplicateNames names) {
        StrictMap map = keys.isEmpty() ? null : op.fields(ctx, keys.toArray(String[]::new));
        return new StepFieldsView(new Scope(ctx, schema, names), map, op.body(), op.location(), op.path());
    }

    private StepFieldsView nested(StrictMap m) {
        return new StepFieldsView(new Scope(ctx, schema, names), m, null, m.anchor(), m.path());
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public boolean has(String key) {
        return map.has(key);
    }

    @Override
    public TableRef requireTable(String key) {
        return map.requireTable(key, schema);
    }

    @Override
    public String requireIdentifier(String key) {
        return map.requireIdentifier(key);
    }

    @Override
    public String optionalIdentifier(String key) {
        return map.optionalIdentifier(key);
    }

    @Override
    public String requireString(String key) {
        return map.requireString(key);
    }

    @Override
    public String optionalString(String key) {
        return map.optionalString(key);
    }

    @Override
    public String requireExpression(String key) {
        return map.requireChecked(key, SqlExpression::checkExpression);
    }

    @Override
    public String optionalExpression(String key) {
        return map.optionalChecked(key, SqlExpression::checkExpression);
    }

    @Override
    public String requireChecked(String key, UnaryOperator<String> rule) {
        return map.requireChecked(key, rule);
    }

    @Override
    public List<String> identifiers(String key, boolean required) {
        return map.identifiers(key, required);
    }

    @Override
    public boolean bool(String key, boolean fallback) {
        return map.bool(key, fallback);
    }

    @Override
    public int integer(String key, int fallback, int min, int max) {
        return map.integer(key, fallback, min, max);
    }

    @Override
    public String choice(String key, String fallback, List<String> allowed) {
        return map.choice(key, fallback, allowed);
    }

    @Override
    public StepFields requireMap(String key, String... keys) {
        return nested(map.requireMap(key, keys));
    }

    @Override
    public StepFields optionalMap(String key, String... keys) {
        StrictMap m = map.optionalMap(key, keys);
        return m == null ? null : nested(m);
    }

    @Override
    public List<StepFields> mappings(String key, boolean required, String... keys) {
        List<StepFields> out = new ArrayList<>();
        for (StrictMap.Item item : map.list(key, required, required)) {
            out.add(nested(StrictMap.of(ctx, item.node(), item.path(), item.location(), keys)));
        }
        return out;
    }

    @Override
    public String text() {
        return new Values(ctx).string(body, path);
    }

    @Override
    public boolean isText() {
        return body instanceof YamlNode.Scalar;
    }

    @Override
    public StepFields asMapping(String... keys) {
        return nested(StrictMap.of(ctx, body, path, anchor, keys));
    }

    @Override
    public void problem(String key, String message) {
        if (map == null) {
            ctx.problem(body.location(), path, message);
        } else {
            map.problem(key, message);
        }
    }

    @Override
    public void problemAt(String key, int index, String message) {
        List<StrictMap.Item> items = map.list(key, false, false);
        if (index < items.size()) {
            ctx.problem(items.get(index).location(), items.get(index).path(), message);
        } else {
            map.problem(key, message);
        }
    }

    @Override
    public void claim(ClaimedName kind, String name, String key) {
        if (key == null) {
            names.claim(kind, name, map.anchor(), map.path());
        } else {
            names.claim(kind, name, map.valueLocation(key), map.path(key));
        }
    }
}
