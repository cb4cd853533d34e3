package io.pgshift.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON form of a {@link BackfillSpec} stored in {@code pgshift.backfill.spec}, and of key
 * values in checkpoints. Mapped field by field so that renaming a Java component cannot
 * silently change what is persisted.
 */
public final class SpecJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SpecJson() {
    }

    public static String write(BackfillSpec spec) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", spec.name());
        root.put("table_sql", spec.target().tableSql());
        root.put("table_name", spec.tableName());
        ArrayNode key = root.putArray("key");
        spec.target().key().forEach(k -> key.addObject().put("name", k.name()).put("type", k.type()));
        ObjectNode set = root.putObject("set");
        spec.target().set().forEach(set::put);
        if (spec.target().where() != null) {
            root.put("where", spec.target().where());
        }
        BatchSettings b = spec.batch();
        root.putObject("batch").put("size", b.size()).put("target_ms", b.targetMs()).put("min_size", b.minSize())
                .put("max_size", b.maxSize()).put("pause_ms", b.pauseMs());
        root.putObject("throttle").put("max_replication_lag_ms", spec.throttle().maxReplicationLag().toMillis())
                .put("max_lock_waiters", spec.throttle().maxLockWaiters());
        spec.schedule().ifPresent(s -> root.putObject("schedule").put("cron", s.cron()).put("time_zone", s.zone().getId()));
        root.putObject("timeouts").put("lock_timeout_ms", spec.timeouts().lockTimeoutMs())
                .put("statement_timeout_ms", spec.timeouts().statementTimeoutMs());
        return root.toString();
    }

    public static BackfillSpec read(String json) {
        JsonNode root = parse(json);
        List<KeyColumn> key = new ArrayList<>();
        root.get("key").forEach(k -> key.add(new KeyColumn(k.get("name").asText(), k.get("type").asText())));
        Map<String, String> set = new LinkedHashMap<>();
        root.get("set").fields().forEachRemaining(e -> set.put(e.getKey(), e.getValue().asText()));
        String where = root.hasNonNull("where") ? root.get("where").asText() : null;
        JsonNode b = root.get("batch");
        JsonNode t = root.get("throttle");
        JsonNode to = root.get("timeouts");
        Optional<Schedule> schedule = root.hasNonNull("schedule")
                ? Optional.of(new Schedule(root.get("schedule").get("cron").asText(),
                        ZoneId.of(root.get("schedule").get("time_zone").asText())))
                : Optional.empty();
        return new BackfillSpec(root.get("name").asText(),
                new BackfillTarget(root.get("table_sql").asText(), key, set, where),
                root.get("table_name").asText(),
                new BatchSettings(b.get("size").asInt(), b.get("target_ms").asInt(), b.get("min_size").asInt(),
                        b.get("max_size").asInt(), b.get("pause_ms").asInt()),
                new ThrottleSettings(Duration.ofMillis(t.get("max_replication_lag_ms").asLong()),
                        t.get("max_lock_waiters").asInt()),
                schedule,
                new BackfillSpec.Timeouts(to.get("lock_timeout_ms").asInt(), to.get("statement_timeout_ms").asInt()));
    }

    /** A key value as a JSON array of the columns' text forms; null stays null (an open bound). */
    public static String writeKey(List<String> key) {
        if (key == null) {
            return null;
        }
        ArrayNode array = MAPPER.createArrayNode();
        key.forEach(array::add);
        return array.toString();
    }

    public static List<String> readKey(String json) {
        if (json == null) {
            return null;
        }
        List<String> key = new ArrayList<>();
        parse(json).forEach(v -> key.add(v.asText()));
        return List.copyOf(key);
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored backfill JSON is malformed: " + e.getOriginalMessage(), e);
        }
    }
}
