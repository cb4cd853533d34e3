package io.pgshift.playbook.parse;

import com.fasterxml.jackson.core.JsonToken;
import io.pgshift.playbook.SourceLocation;
import java.util.List;

/** A YAML value that remembers where it is written, so every problem can point at its line. */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {
    SourceLocation location();

    /** How the value is named in "expected X, got Y" messages. */
    String describe();

    /** A mapping in file order; duplicate keys are already reported and dropped by {@link YamlTree}. */
    record Mapping(List<Entry> entries, SourceLocation location) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Entry(String key, SourceLocation keyLocation, YamlNode value) {
    }

    record Sequence(List<YamlNode> items, SourceLocation location) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** {@code token} tells how YAML typed the text: string, int, float, boolean or null. */
    record Scalar(String text, JsonToken token, SourceLocation location) implements YamlNode {
        public boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        @Override
        public String describe() {
            return switch (token) {
                case VALUE_NULL -> "null";
                case VALUE_NUMBER_INT -> "an integer (" + text + ")";
                case VALUE_NUMBER_FLOAT -> "a number (" + text + ")";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean (" + text + ")";
                default -> "a string ('" + text + "')";
            };
        }
    }
}
