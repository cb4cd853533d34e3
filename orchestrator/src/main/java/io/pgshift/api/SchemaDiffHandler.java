package io.pgshift.api;

import io.pgshift.ops.SchemaComparison;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /api/v1/schema/diff?from=staging&to=production[&tables=a,b][&schema=public]}: the
 * live catalogs compared, as {@code pgshift schema diff}. 200 whether or not they differ
 * ({@code "equal"} says which); 400 without {@code from} and {@code to}; 404 for an unknown target;
 * 403 when the token may not act on either.
 */
final class SchemaDiffHandler implements Handler {
    private final Targets targets;

    SchemaDiffHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        String from = required(request, "from");
        String to = required(request, "to");
        String schema = request.query("schema") == null ? "public" : request.query("schema");
        List<String> tables = request.query("tables") == null ? List.of()
                : Arrays.stream(request.query("tables").split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        SchemaComparison comparison = SchemaComparison.of(targets.get(request, from).ref(), targets.get(request, to).ref(),
                schema, tables);
        return ApiResponse.ok(comparison.values());
    }

    private static String required(ApiRequest request, String name) {
        String value = request.query(name);
        if (value == null) {
            throw ApiException.badRequest("query parameter '" + name + "' is required: ?from=TARGET&to=TARGET");
        }
        return value;
    }
}
