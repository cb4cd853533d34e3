package io.pgshift.playbook.parse;

import io.pgshift.playbook.Identifiers;
import io.pgshift.playbook.SourceLocation;
import io.pgshift.playbook.TableRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * A strict view of one YAML mapping at a playbook path: it knows its allowed keys, reports
 * unknown ones (with a suggestion), records the location of every key, and reads each value
 * with a type. When the node is not a mapping at all, that is reported once and every read
 * returns its default quietly, so one mistake does not cascade into a dozen "missing key"s.
 */
final class StrictMap {
    /** A list item, with the path and location it was found at. */
    record Item(YamlNode node, String path, SourceLocation location) {
    }

    private final ParseContext ctx;
    private final Values values;
    private final String path;
    private final SourceLocation anchor;
    private final Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
    private final boolean mapping;
    /** Keys an unknown key was probably meant to be: their "missing key" would only repeat the hint. */
    private final Set<String> misspelt = new HashSet<>();

    private StrictMap(ParseContext ctx, YamlNode node, String path, SourceLocation anchor, List<String> keys) {
        this.ctx = ctx;
        this.values = new Values(ctx);
        this.path = path;
        this.anchor = anchor;
        this.mapping = node instanceof YamlNode.Mapping;
        if (node == null) {
            return;
        }
        if (node instanceof YamlNode.Mapping m) {
            for (YamlNode.Entry e : m.entries()) {
                if (keys.contains(e.key())) {
                    entries.put(e.key(), e);
                    ctx.locate(path(e.key()), e.keyLocation());
                } else {
                    String closest = Suggestions.closest(e.key(), keys);
                    if (closest != null) {
                        misspelt.add(closest);
                    }
                    ctx.problem(e.keyLocation(), path(e.key()), "unknown key '" + e.key() + "'; expected one of: "
                            + String.join(", ", keys) + Suggestions.didYouMean(e.key(), keys));
                }
            }
        } else {
            values.wrongType(node, path, "a mapping with keys " + String.join(", ", keys));
        }
    }

    /**
     * @param anchor where "missing key" problems point: the key that introduced this mapping, or the list item
     */
    static StrictMap of(ParseContext ctx, YamlNode node, String path, SourceLocation anchor, String... keys) {
        ctx.locate(path, anchor);
        return new StrictMap(ctx, node, path, anchor, List.of(keys));
    }

    String path() {
        return path;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    SourceLocation anchor() {
        return anchor;
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** Where the value of {@code key} is written; the mapping's anchor when the key is absent. */
    SourceLocation valueLocation(String key) {
        YamlNode.Entry e = entries.get(key);
        return e == null ? anchor : e.value().location();
    }

    SourceLocation keyLocation(String key) {
        YamlNode.Entry e = entries.get(key);
        return e == null ? anchor : e.keyLocation();
    }

    /** The raw value, reporting "missing key" when absent. */
    YamlNode require(String key) {
        YamlNode.Entry e = entries.get(key);
        if (e == null && mapping && !misspelt.contains(key)) {
            ctx.problem(anchor, path, "missing key '" + key + "'");
        }
        return e == null ? null : e.value();
    }

    YamlNode optional(String key) {
        YamlNode.Entry e = entries.get(key);
        return e == null ? null : e.value();
    }

    String requireString(String key) {
        YamlNode node = require(key);
        return node == null ? null : values.string(node, path(key));
    }

    String optionalString(String key) {
        YamlNode node = optional(key);
        return node == null ? null : values.string(node, path(key));
    }

    String requireIdentifier(String key) {
        return requireChecked(key, Identifiers::checkIdentifier);
    }

    String optionalIdentifier(String key) {
        YamlNode node = optional(key);
        return node == null ? null : values.identifier(node, path(key));
    }

    String optionalChecked(String key, UnaryOperator<String> rule) {
        YamlNode node = optional(key);
        return node == null ? null : values.checked(node, path(key), rule);
    }

    String requireChecked(String key, UnaryOperator<String> rule) {
        YamlNode node = require(key);
        return node == null ? null : values.checked(node, path(key), rule);
    }

    /** A required table name, resolved against {@code schema} when it has none. */
    TableRef requireTable(String key, String schema) {
        String name = requireChecked(key, Identifiers::checkTableName);
        return name == null ? null : TableRef.parse(name, schema);
    }

    int integer(String key, int fallback, int min, int max) {
        YamlNode node = optional(key);
        Integer value = node == null ? null : values.integer(node, path(key), min, max);
        return value == null ? fallback : value;
    }

    boolean bool(String key, boolean fallback) {
        YamlNode node = optional(key);
        Boolean value = node == null ? null : values.bool(node, path(key));
        return value == null ? fallback : value;
    }

    Duration duration(String key, Duration fallback, Duration min, Duration max) {
        YamlNode node = optional(key);
        Duration value = node == null ? null : values.duration(node, path(key), min, max);
        return value == null ? fallback : value;
    }

    String choice(String key, String fallback, List<String> allowed) {
        YamlNode node = optional(key);
        String value = node == null ? null : values.choice(node, path(key), allowed);
        return value == null ? fallback : value;
    }

    /** A list of identifiers; absent gives an empty list (with "missing key" when {@code required}). */
    List<String> identifiers(String key, boolean required) {
        YamlNode node = required ? require(key) : optional(key);
        List<String> names = node == null ? null
                : values.names(node, path(key), required, Identifiers::checkIdentifier);
        return names == null ? List.of() : names;
    }

    /** A nested strict mapping, or null when the key is absent. */
    StrictMap optionalMap(String key, String... keys) {
        YamlNode node = optional(key);
        return node == null ? null : of(ctx, node, path(key), keyLocation(key), keys);
    }

    /** A nested strict mapping; when absent, reports it and returns an empty (quiet) view. */
    StrictMap requireMap(String key, String... keys) {
        YamlNode node = require(key);
        return node == null ? quiet(path(key)) : of(ctx, node, path(key), keyLocation(key), keys);
    }

    /** The items of a list; {@code nonEmpty} reports an empty one. Absent gives no items. */
    List<Item> list(String key, boolean required, boolean nonEmpty) {
        YamlNode node = required ? require(key) : optional(key);
        if (node == null || node instanceof YamlNode.Scalar s && s.isNull() && !required) {
            return List.of();
        }
        if (!(node instanceof YamlNode.Sequence seq)) {
            values.wrongType(node, path(key), "a list");
            return List.of();
        }
        if (nonEmpty && seq.items().isEmpty()) {
            ctx.problem(node.location(), path(key), "expected a non-empty list");
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            YamlNode item = seq.items().get(i);
            String itemPath = path(key) + "[" + i + "]";
            ctx.locate(itemPath, item.location());
            items.add(new Item(item, itemPath, item.location()));
        }
        return items;
    }

    /** The entries of a free-form mapping (keys are data, e.g. column names), reported when it is not a mapping. */
    List<YamlNode.Entry> entries(String key, boolean required) {
        YamlNode node = required ? require(key) : optional(key);
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof YamlNode.Mapping m)) {
            values.wrongType(node, path(key), "a mapping");
            return List.of();
        }
        for (YamlNode.Entry e : m.entries()) {
            ctx.locate(path(key) + "." + e.key(), e.keyLocation());
        }
        return m.entries();
    }

    Values values() {
        return values;
    }

    /** Reports a problem with the value of {@code key}, or with the whole mapping when the key is absent. */
    void problem(String key, String message) {
        ctx.problem(valueLocation(key), has(key) ? path(key) : path, message);
    }

    /** Stands in for a missing or mistyped mapping: reads give defaults and report nothing more. */
    private StrictMap quiet(String at) {
        return new StrictMap(ctx, null, at, anchor, List.of());
    }
}
