package io.pgshift.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * pgshift's one Jackson mapper per format. Every variant (pretty, canonical, strict, exact) is an
 * {@link ObjectWriter} or {@link ObjectReader} derived from them: those are immutable, so a
 * variant cannot change what the others write. Never reconfigure the mappers themselves: they are
 * shared by the whole process, and a feature enabled on one would change every document
 * pgshift writes (the audit chain's hashes among them).
 */
public final class Mappers {
    /** JSON with Jackson's defaults: compact, keys in insertion order. */
    public static final ObjectMapper JSON = new ObjectMapper();

    /** Indented with Jackson's default pretty printer, keys in insertion order: for people and scripts. */
    public static final ObjectWriter PRETTY = JSON.writer(SerializationFeature.INDENT_OUTPUT);

    /**
     * Compact with map keys sorted: the same value always gives the same bytes (checksums, the
     * audit hash). Sorting is decided per call, so it never leaks into {@link #JSON} or {@link #PRETTY}.
     */
    public static final ObjectWriter CANONICAL = JSON.writer(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** A whole document: anything after its value is an error rather than silently ignored. */
    public static final ObjectReader WHOLE_DOCUMENT = JSON.reader(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Numbers with a fraction read as {@code BigDecimal}: written back exactly as they were read. */
    public static final ObjectReader EXACT_NUMBERS = JSON.reader(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** YAML with Jackson's defaults; its factory makes the streaming parsers of playbooks. */
    public static final YAMLMapper YAML = new YAMLMapper();

    private Mappers() {
    }
}
