package io.pgshift.playbook.parse;

import com.fasterxml.jackson.core.JsonToken;
import io.pgshift.playbook.Identifiers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Typed reading of single YAML values. Each method records a problem and returns null when the
 * value is unusable; a value that is readable but breaks a naming rule is reported and still
 * returned, so later checks (duplicate names) keep working on it.
 */
final class Values {
    private final ParseContext ctx;

    Values(ParseContext ctx) {
        this.ctx = ctx;
    }

    /** Any non-null scalar: SQL expressions such as {@code default: 0} arrive as YAML numbers. */
    String string(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && !s.isNull()) {
            return s.text();
        }
        return wrongType(node, path, "a string");
    }

    /** A string that must satisfy {@code rule} (one of the {@link Identifiers} checks). */
    String checked(YamlNode node, String path, UnaryOperator<String> rule) {
        String text = string(node, path);
        if (text != null) {
            String expected = rule.apply(text);
            if (expected != null) {
                ctx.problem(node.location(), path, "expected " + expected + ", got '" + text + "'");
            }
        }
        return text;
    }

    String identifier(YamlNode node, String path) {
        return checked(node, path, Identifiers::checkIdentifier);
    }

    /** A mapping key that is data (a column or table name), checked with {@code rule} and reported at the key. */
    String key(YamlNode.Entry entry, String path, UnaryOperator<String> rule) {
        String expected = rule.apply(entry.key());
        if (expected != null) {
            ctx.problem(entry.keyLocation(), path, "expected " + expected + ", got '" + entry.key() + "'");
        }
        return entry.key();
    }

    Integer integer(YamlNode node, String path, int min, int max) {
        if (!(node instanceof YamlNode.Scalar s) || s.token() != JsonToken.VALUE_NUMBER_INT) {
            return wrongType(node, path, "an integer");
        }
        long value;
        try {
            value = Long.parseLong(s.text().replace("_", "").replace("+", ""));
        } catch (NumberFormatException e) {
            value = Long.MAX_VALUE;
        }
        if (value < min || value > max) {
            ctx.problem(node.location(), path, "expected an integer between " + min + " and " + max + ", got " + s.text());
            return null;
        }
        return (int) value;
    }

    Boolean bool(YamlNode node, String path) {
        if (node instanceof YamlNode.Scalar s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
            return s.token() == JsonToken.VALUE_TRUE;
        }
        return wrongType(node, path, "a boolean (true or false)");
    }

    /** Within {@code [min, max]}; {@code min} is inclusive, so pass 1ms for "more than zero". */
    Duration duration(YamlNode node, String path, Duration min, Duration max) {
        if (!(node instanceof YamlNode.Scalar s) || !(s.token() == JsonToken.VALUE_STRING || s.token() == JsonToken.VALUE_NUMBER_INT)) {
            return wrongType(node, path, Durations.EXPECTED);
        }
        Duration d = Durations.parse(s.text()).orElse(null);
        if (d == null) {
            ctx.problem(node.location(), path, "expected " + Durations.EXPECTED + ", got '" + s.text() + "'");
        } else if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            ctx.problem(node.location(), path, "expected a duration between " + Durations.format(min)
                    + " and " + Durations.format(max) + ", got " + s.text());
            return null;
        }
        return d;
    }

    /** One of {@code allowed}, compared lower-case with underscores read as spaces ({@code set_null}). */
    String choice(YamlNode node, String path, List<String> allowed) {
        String text = string(node, path);
        if (text == null) {
            return null;
        }
        String normal = text.trim().toLowerCase(java.util.Locale.ROOT).replace('_', ' ').replaceAll("\\s+", " ");
        if (allowed.contains(normal)) {
            return normal;
        }
        ctx.problem(node.location(), path, "expected one of: " + String.join(", ", allowed) + ", got '" + text + "'");
        return null;
    }

    /** A list of names, each checked with {@code rule}; null entries are never returned. */
    List<String> names(YamlNode node, String path, boolean nonEmpty, UnaryOperator<String> rule) {
        if (!(node instanceof YamlNode.Sequence seq)) {
            return wrongType(node, path, "a list of names");
        }
        if (nonEmpty && seq.items().isEmpty()) {
            ctx.problem(node.location(), path, "expected a non-empty list");
        }
        List<String> names = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < seq.items().size(); i++) {
            YamlNode item = seq.items().get(i);
            String itemPath = path + "[" + i + "]";
            ctx.locate(itemPath, item.location());
            String name = checked(item, itemPath, rule);
            if (name != null) {
                if (seen.contains(name)) {
                    ctx.problem(item.location(), itemPath, "'" + name + "' is listed twice");
                }
                seen.add(name);
                names.add(name);
            }
        }
        return names;
    }

    <T> T wrongType(YamlNode node, String path, String expected) {
        ctx.problem(node.location(), path, "expected " + expected + ", got " + node.describe());
        return null;
    }
}
