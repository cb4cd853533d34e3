package io.pgshift.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import io.pgshift.json.Mappers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The chain's hash: {@code sha256(prev_hash + "\n" + canonical JSON of the row)}, or with an
 * {@link AuditKey} {@code hmac_sha256(key, same text)}: only the key's holder can write a keyed
 * row, so whoever can rewrite the table cannot recompute a keyed chain. The canonical
 * JSON has sorted keys, the timestamp with exactly six fraction digits in UTC, and the details
 * as PostgreSQL's jsonb text parsed back (numbers kept exact), so the appender and the verifier,
 * both starting from what the database stores, produce the same bytes.
 */
final class AuditHash {
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectReader DETAILS = Mappers.EXACT_NUMBERS
            .forType(new TypeReference<LinkedHashMap<String, Object>>() { });

    private AuditHash() {
    }

    static String keyed(AuditKey key, String prevHash, long id, Instant at, String actor, String action, Long runId,
                        String detailsJsonb) {
        return key.mac(text(prevHash, id, at, actor, action, runId, detailsJsonb));
    }

    static String of(String prevHash, long id, Instant at, String actor, String action, Long runId,
                     String detailsJsonb) {
        return sha256(text(prevHash, id, at, actor, action, runId, detailsJsonb));
    }

    private static String text(String prevHash, long id, Instant at, String actor, String action, Long runId,
                               String detailsJsonb) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", id);
        row.put("at", AT.format(at));
        row.put("actor", actor);
        row.put("action", action);
        row.put("run_id", runId);
        row.put("details", parse(detailsJsonb));
        return (prevHash == null ? "" : prevHash) + "\n" + write(row);
    }

    static String toJson(Map<String, Object> details) {
        return write(details);
    }

    static Map<String, Object> parse(String json) {
        try {
            return DETAILS.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit details are not a JSON object: " + json, e);
        }
    }

    private static String write(Object value) {
        try {
            return Mappers.CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("audit details must be plain JSON values: " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }
}
