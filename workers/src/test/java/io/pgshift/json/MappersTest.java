package io.pgshift.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MappersTest {
    private static Map<String, Object> unsorted() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", List.of("x", 2.5));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("b", inner);
        root.put("a", null);
        return root;
    }

    @Test
    void canonicalSortsKeysEvenAfterThePlainMapperWroteTheSameType() throws JsonProcessingException {
        assertEquals("{\"b\":{\"z\":1,\"a\":[\"x\",2.5]},\"a\":null}", Mappers.JSON.writeValueAsString(unsorted()));
        assertEquals("{\"a\":null,\"b\":{\"a\":[\"x\",2.5],\"z\":1}}", Mappers.CANONICAL.writeValueAsString(unsorted()));
        assertEquals("{\"b\":{\"z\":1,\"a\":[\"x\",2.5]},\"a\":null}", Mappers.JSON.writeValueAsString(unsorted()));
    }

    @Test
    void writersGiveTheBytesOfAMapperConfiguredTheSameWay() throws JsonProcessingException {
        ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectMapper canonical = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        assertEquals(pretty.writeValueAsString(unsorted()), Mappers.PRETTY.writeValueAsString(unsorted()));
        assertEquals(canonical.writeValueAsString(unsorted()), Mappers.CANONICAL.writeValueAsString(unsorted()));
        assertEquals(pretty.writeValueAsString(unsorted()), Mappers.PRETTY.writeValueAsString(unsorted()));
    }

    @Test
    void exactNumbersKeepFractionsAsWritten() throws JsonProcessingException {
        ObjectMapper before = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        String json = "{\"n\":0.10000000000000000001,\"m\":1.50}";
        Map<?, ?> read = Mappers.EXACT_NUMBERS.forType(Map.class).readValue(json);
        assertEquals(new BigDecimal("0.10000000000000000001"), read.get("n"));
        assertEquals(before.writeValueAsString(before.readValue(json, Map.class)),
                Mappers.CANONICAL.writeValueAsString(read));
    }

    @Test
    void aWholeDocumentRefusesTrailingContent() {
        assertThrows(JsonProcessingException.class, () -> Mappers.WHOLE_DOCUMENT.readTree("{\"a\":1} {\"b\":2}"));
    }
}
