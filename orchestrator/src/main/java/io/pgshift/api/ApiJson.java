package io.pgshift.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.json.Mappers;
import java.time.Instant;

/** The API's JSON bodies: built as maps and lists of plain values. */
public final class ApiJson {
    private ApiJson() {
    }

    public static byte[] write(Object value) {
        try {
            return Mappers.JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable: " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON document stored as text (gate report, row counts), or null. */
    public static JsonNode tree(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Mappers.WHOLE_DOCUMENT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is malformed: " + e.getOriginalMessage(), e);
        }
    }

    public static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
