package io.pgshift.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import io.pgshift.json.Mappers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

    static String keyed(AuditKey key, HashedRow row) {
        return key.mac(text(row));
    }

    static String of(HashedRow row) {
        return sha256(text(row));
    }

    private static String text(HashedRow hashed) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", hashed.id());
        row.put("at", AT.format(hashed.at()));
        row.put("actor", hashed.actor());
        row.put("action", hashed.action());
        row.put("run_id", hashed.runId());
        row.put("details", parse(hashed.detailsJsonb()));
        return (hashed.prevHash() == null ? "" : hashed.prevHash()) + "\n" + write(row);
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
