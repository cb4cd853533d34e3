package io.pgshift.playbook.parse;

import io.pgshift.playbook.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.Optional;

/**
 * A step of expand or contract: a mapping with exactly one key naming its operation,
 * e.g. {@code - add_column: {...}}; {@code body} is that key's value.
 */
record OperationKey(String name, YamlNode body, String path, SourceLocation location) {

    /** Every well-formed step of a phase, each read by {@code step} (which may return null for a broken one). */
    static <T> List<T> readAll(ParseContext ctx, List<StrictMap.Item> items, List<String> operations,
                               Function<OperationKey, T> step) {
        List<T> steps = new ArrayList<>();
        for (StrictMap.Item item : items) {
            of(ctx, item, operations).map(step).ifPresent(steps::add);
        }
        return steps;
    }

    /** The step's operation, or empty when the step is malformed (the problem is recorded). */
    static Optional<OperationKey> of(ParseContext ctx, StrictMap.Item item, List<String> operations) {
        if (!(item.node() instanceof YamlNode.Mapping m) || m.entries().size() != 1) {
            ctx.problem(item.location(), item.path(),
                    "each step is a mapping with exactly one operation key: " + orList(operations));
            return Optional.empty();
        }
        YamlNode.Entry entry = m.entries().get(0);
        String path = item.path() + "." + entry.key();
        if (!operations.contains(entry.key())) {
            ctx.problem(entry.keyLocation(), path, "unknown operation '" + entry.key() + "'; expected one of: "
                    + String.join(", ", operations) + Suggestions.didYouMean(entry.key(), operations));
            return Optional.empty();
        }
        ctx.locate(path, entry.keyLocation());
        return Optional.of(new OperationKey(entry.key(), entry.value(), path, entry.keyLocation()));
    }

    /** The body as a strict mapping with the operation's keys. */
    StrictMap fields(ParseContext ctx, String... keys) {
        return StrictMap.of(ctx, body, path, location, keys);
    }

    private static String orList(List<String> names) {
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }
}
