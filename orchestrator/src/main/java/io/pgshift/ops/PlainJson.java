package io.pgshift.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.pgshift.json.Mappers;

/** JSON of plain values (maps, lists, strings, numbers, booleans). */
public final class PlainJson {
    private PlainJson() {
    }

    /** Indented, keys in insertion order, with a final newline: for people and scripts. */
    public static String write(Object value) {
        return write(Mappers.PRETTY, value) + "\n";
    }

    /** A document this class wrote, read back as a tree (to nest one document in another). */
    public static JsonNode read(String json) {
        try {
            return Mappers.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Compact with sorted keys: the same schema always gives the same bytes, hence the same checksum. */
    static String canonical(Object value) {
        return write(Mappers.CANONICAL, value);
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain values always serialise", e);
        }
    }
}
