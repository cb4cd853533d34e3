package io.pgshift.playbook.parse;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.pgshift.json.Mappers;
import io.pgshift.playbook.SourceLocation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Builds a located {@link YamlNode} tree from Jackson's streaming YAML parser. Jackson does not
 * reject duplicate keys (a later one would silently win), so they are reported here.
 */
final class YamlTree {
    private final ParseContext ctx;

    private YamlTree(ParseContext ctx) {
        this.ctx = ctx;
    }

    /** The document's root, or empty when the text is not usable YAML (the problem is recorded). */
    static Optional<YamlNode> read(ParseContext ctx, String text) {
        return new YamlTree(ctx).readDocument(text);
    }

    private Optional<YamlNode> readDocument(String text) {
        try (YAMLParser parser = Mappers.YAML.getFactory().createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                ctx.problem(ctx.at(1, 1), "", "the playbook is empty: expected a mapping with at least 'name'");
                return Optional.empty();
            }
            YamlNode root = readValue(parser, first, "");
            if (parser.nextToken() != null) {
                ctx.problem(location(parser), "", "only one YAML document per playbook (remove the second '---')");
            }
            return Optional.of(root);
        } catch (JsonProcessingException e) {
            syntaxProblem(e);
            return Optional.empty();
        } catch (IOException e) {
            // Reading from a String cannot fail for I/O reasons; anything here is a parser defect.
            throw new IllegalStateException("reading YAML from memory failed", e);
        }
    }

    private YamlNode readValue(YAMLParser parser, JsonToken token, String path) throws IOException {
        SourceLocation at = location(parser);
        if (parser.isCurrentAlias()) {
            // Jackson hands over the alias's name as if it were the value: refuse rather than misread.
            ctx.problem(at, path, "YAML aliases (*" + parser.getText() + ") are not supported in playbooks; write the value out");
            return new YamlNode.Scalar(parser.getText(), JsonToken.VALUE_STRING, at);
        }
        return switch (token) {
            case START_OBJECT -> readMapping(parser, at, path);
            case START_ARRAY -> readSequence(parser, at, path);
            case VALUE_EMBEDDED_OBJECT -> new YamlNode.Scalar(String.valueOf(parser.getEmbeddedObject()),
                    JsonToken.VALUE_STRING, at);
            default -> new YamlNode.Scalar(parser.getText(), token, at);
        };
    }

    private YamlNode.Mapping readMapping(YAMLParser parser, SourceLocation at, String path) throws IOException {
        List<YamlNode.Entry> entries = new ArrayList<>();
        Map<String, SourceLocation> seen = new HashMap<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            String key = parser.currentName();
            SourceLocation keyAt = location(parser);
            String keyPath = path.isEmpty() ? key : path + "." + key;
            YamlNode value = readValue(parser, parser.nextToken(), keyPath);
            SourceLocation first = seen.putIfAbsent(key, keyAt);
            if (first == null) {
                entries.add(new YamlNode.Entry(key, keyAt, value));
            } else {
                ctx.problem(keyAt, keyPath, "duplicate key '" + key + "' (first at line " + first.line() + ")");
            }
        }
        return new YamlNode.Mapping(entries, at);
    }

    private YamlNode.Sequence readSequence(YAMLParser parser, SourceLocation at, String path) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
            items.add(readValue(parser, t, path + "[" + items.size() + "]"));
        }
        return new YamlNode.Sequence(items, at);
    }

    private SourceLocation location(YAMLParser parser) {
        JsonLocation loc = parser.currentTokenLocation();
        return ctx.at(loc.getLineNr(), loc.getColumnNr());
    }

    /** SnakeYAML's own message spans several lines with a snippet; keep its problem and context only. */
    private void syntaxProblem(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark mark = marked.getProblemMark();
            String message = "YAML syntax error: " + oneLine(marked.getProblem());
            if (marked.getContext() != null && marked.getContextMark() != null) {
                message += " (" + oneLine(marked.getContext()) + " at line " + (marked.getContextMark().getLine() + 1) + ")";
            }
            ctx.problem(ctx.at(mark.getLine() + 1, mark.getColumn() + 1), "", message);
            return;
        }
        JsonLocation loc = e.getLocation();
        SourceLocation at = loc == null ? ctx.at(1, 1) : ctx.at(loc.getLineNr(), loc.getColumnNr());
        String original = e.getOriginalMessage() == null ? "unreadable YAML" : e.getOriginalMessage();
        ctx.problem(at, "", "YAML syntax error: " + oneLine(original.lines().findFirst().orElse(original)));
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }
}
