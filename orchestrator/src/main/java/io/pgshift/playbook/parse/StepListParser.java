package io.pgshift.playbook.parse;

import io.pgshift.operation.OperationRegistry;
import io.pgshift.plan.Phase;
import java.util.List;

/**
 * The {@code expand} or {@code contract} list: each step names one operation, whose type in
 * {@link OperationRegistry} reads its fields.
 */
final class StepListParser {
    private final ParseContext ctx;
    private final Phase phase;
    private final String schema;
    private final DuplicateNames names;

    StepListParser(ParseContext ctx, Phase phase, String schema, DuplicateNames names) {
        this.ctx = ctx;
        this.phase = phase;
        this.schema = schema;
        this.names = names;
    }

    /** Every well-formed step, as the model type {@code T} of its phase. */
    <T> List<T> parse(List<StrictMap.Item> items, Class<T> model) {
        return OperationKey.readAll(ctx, items, OperationRegistry.keys(phase), op -> {
            var type = OperationRegistry.byKey(phase, op.name()).orElseThrow();
            Object step = type.parse(StepFieldsView.of(ctx, op, type.fields(), schema, names));
            return step == null ? null : model.cast(step);
        });
    }
}
