package io.pgshift.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** JSON of plain values (maps, lists, strings, numbers, booleans). */
public final class PlainJson {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    // Sorted keys, no whitespace: the same schema always gives the same bytes, hence the same checksum.
    private static final ObjectMapper CANONICAL = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private PlainJson() {
    }

    /** Indented, keys in insertion order, with a final newline: for people and scripts. */
    public static String write(Object value) {
        return write(PRETTY, value) + "\n";
    }

    /** A document this class wrote, read back as a tree (to nest one document in another). */
    public static JsonNode read(String json) {
        try {
            return PRETTY.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Compact with sorted keys: for checksums. */
    static String canonical(Object value) {
        return write(CANONICAL, value);
    }

    static ObjectMapper mapper() {
        return CANONICAL;
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain values always serialise", e);
        }
    }
}
