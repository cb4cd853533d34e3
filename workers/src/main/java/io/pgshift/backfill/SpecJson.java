package io.pgshift.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgshift.json.Mappers;
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
    private SpecJson() {
    }

    public static String write(BackfillSpec spec) {
        ObjectNode root = Mappers.JSON.createObjectNode();
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
        BackfillJoin join = spec.target().join();
        if (join != null) {
            ObjectNode from = root.putObject("from").put("source_sql", join.sourceSql())
                    .put("source_name", join.sourceName()).put("target_name", join.targetName());
            ObjectNode on = from.putObject("on");
            join.on().forEach(on::put);
        }
        if (spec.target().syncTrigger() != null) {
            root.put("sync_trigger", spec.target().syncTrigger());
        }
        BatchSettings b = spec.batch();
        root.putObject("batch").put("size", b.size()).put("target_ms", b.targetMs()).put("min_size", b.minSize())
                .put("max_size", b.maxSize()).put("pause_ms", b.pauseMs()).put("pace", b.pace().word());
        root.putObject("throttle").put("max_replication_lag_ms", spec.throttle().maxReplicationLag().toMillis())
                .put("max_lock_waiters", spec.throttle().maxLockWaiters());
        spec.schedule().ifPresent(s -> writeSchedule(root.putObject("schedule"), s));
        if (!spec.allowedWindows().isEmpty()) {
            ArrayNode allowed = root.putArray("allowed_windows");
            spec.allowedWindows().forEach(s -> writeSchedule(allowed.addObject(), s));
        }
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
        BackfillJoin join = root.hasNonNull("from") ? readJoin(root.get("from")) : null;
        // Specs stored before batches passed by their sync trigger lack the key: the trigger fires
        // on their rows as it did then (it recomputes what the batch wrote).
        String syncTrigger = root.hasNonNull("sync_trigger") ? root.get("sync_trigger").asText() : null;
        JsonNode b = root.get("batch");
        JsonNode t = root.get("throttle");
        JsonNode to = root.get("timeouts");
        Optional<Schedule> schedule = root.hasNonNull("schedule")
                ? Optional.of(readSchedule(root.get("schedule")))
                : Optional.empty();
        // Specs stored before targets had allowed windows lack the key: any time.
        List<Schedule> allowed = new ArrayList<>();
        root.path("allowed_windows").forEach(s -> allowed.add(readSchedule(s)));
        return new BackfillSpec(root.get("name").asText(),
                new BackfillTarget(root.get("table_sql").asText(), key, set, where, join, syncTrigger),
                root.get("table_name").asText(),
                new BatchSettings(b.get("size").asInt(), b.get("target_ms").asInt(), b.get("min_size").asInt(),
                        b.get("max_size").asInt(), b.get("pause_ms").asInt(), pace(b)),
                new ThrottleSettings(Duration.ofMillis(t.get("max_replication_lag_ms").asLong()),
                        t.get("max_lock_waiters").asInt()),
                schedule,
                allowed,
                new BackfillSpec.Timeouts(to.get("lock_timeout_ms").asInt(), to.get("statement_timeout_ms").asInt()));
    }

    /** Specs stored before pacing lack the key: they keep the fixed pace they were created with. */
    private static Pace pace(JsonNode batch) {
        String word = batch.path("pace").asText("fixed");
        return Pace.fromWord(word).orElseThrow(() -> new IllegalStateException("stored backfill spec has pace '" + word
                + "', expected auto or fixed"));
    }

    private static BackfillJoin readJoin(JsonNode from) {
        Map<String, String> on = new LinkedHashMap<>();
        from.get("on").fields().forEachRemaining(e -> on.put(e.getKey(), e.getValue().asText()));
        return new BackfillJoin(from.get("source_sql").asText(), from.get("source_name").asText(),
                from.get("target_name").asText(), on);
    }

    private static void writeSchedule(ObjectNode node, Schedule s) {
        node.put("cron", s.cron()).put("time_zone", s.zone().getId());
    }

    private static Schedule readSchedule(JsonNode node) {
        return new Schedule(node.get("cron").asText(), ZoneId.of(node.get("time_zone").asText()));
    }

    /** A key value as a JSON array of the columns' text forms; null stays null (an open bound). */
    public static String writeKey(List<String> key) {
        if (key == null) {
            return null;
        }
        ArrayNode array = Mappers.JSON.createArrayNode();
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
            return Mappers.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored backfill JSON is malformed: " + e.getOriginalMessage(), e);
        }
    }
}
