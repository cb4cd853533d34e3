package io.pgshift.playbook.parse;

import io.pgshift.backfill.Pace;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.BackfillSource;
import io.pgshift.playbook.BatchSpec;
import io.pgshift.playbook.Identifiers;
import io.pgshift.playbook.PlaybookDefaults;
import io.pgshift.playbook.ScheduleSpec;
import io.pgshift.playbook.SqlExpression;
import io.pgshift.playbook.TableRef;
import io.pgshift.playbook.ThrottleSpec;
import io.pgshift.playbook.ClaimedName;
import java.text.ParseException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import org.quartz.CronExpression;

/** The {@code backfill} list: which columns get which values, in batches, within windows, under throttling. */
final class BackfillParser {
    private static final int MAX_ROWS = 1_000_000;
    private static final int MAX_MS = 60_000;
    static final String[] BATCH_KEYS = {"size", "target_ms", "min_size", "max_size", "pause_ms", "pace"};
    static final String[] THROTTLE_KEYS = {"max_replication_lag", "max_lock_waiters"};
    private static final String CRON_FIELDS = "sec min hour day-of-month month day-of-week [year]";

    private final ParseContext ctx;
    private final String schema;
    private final DuplicateNames names;
    private final PlaybookDefaults defaults;

    BackfillParser(ParseContext ctx, String schema, DuplicateNames names, PlaybookDefaults defaults) {
        this.ctx = ctx;
        this.schema = schema;
        this.names = names;
        this.defaults = defaults;
    }

    List<Backfill> parse(List<StrictMap.Item> items) {
        List<Backfill> backfills = new ArrayList<>();
        for (StrictMap.Item item : items) {
            backfills.add(backfill(StrictMap.of(ctx, item.node(), item.path(), item.location(),
                    "table", "from", "set", "where", "keep_in_sync", "batch", "schedule", "throttle")));
        }
        return backfills;
    }

    private Backfill backfill(StrictMap m) {
        TableRef table = m.requireTable("table", schema);
        BackfillSource from = from(m.optionalMap("from", "table", "on"), table);
        Map<String, String> set = set(m, table);
        return new Backfill(table, from, set, m.optionalChecked("where", SqlExpression::checkExpression), m.bool("keep_in_sync", false),
                batch(m.optionalMap("batch", BATCH_KEYS), defaults.batch()),
                schedule(m.optionalMap("schedule", "cron", "time_zone")),
                throttle(m.optionalMap("throttle", THROTTLE_KEYS), defaults.throttle()));
    }

    /** {@code from: {table: customers, on: {customer_id: id}}}: target column → source column. */
    private BackfillSource from(StrictMap m, TableRef target) {
        if (m == null) {
            return null;
        }
        TableRef source = m.requireTable("table", schema);
        if (source != null && target != null && source.name().equals(target.name())) {
            m.problem("table", "expected another table than the backfilled one, got " + source.display()
                    + ": expressions name both by their table name, which would be ambiguous");
        }
        Map<String, String> on = columns(m, "on", "pair: on: {target_column: source_column}",
                (node, path) -> m.values().identifier(node, path), (e, path) -> { });
        return source == null ? null : new BackfillSource(source, on);
    }

    private Map<String, String> set(StrictMap m, TableRef table) {
        return columns(m, "set", "column: set: {column: SQL expression}", (node, path) -> m.values().checked(node, path, SqlExpression::checkExpression),
                (e, path) -> {
                    if (table != null) {
                        names.claim(ClaimedName.BACKFILLED_COLUMN, table.display() + "." + e.key(), e.keyLocation(), path);
                    }
                });
    }

    /**
     * A non-empty mapping whose keys are columns of the backfilled table, values read by
     * {@code value}; {@code each} sees every entry with its path. {@code shape} completes
     * "expected at least one ...".
     */
    private static Map<String, String> columns(StrictMap m, String key, String shape,
                                               BiFunction<YamlNode, String, String> value,
                                               BiConsumer<YamlNode.Entry, String> each) {
        Map<String, String> out = new LinkedHashMap<>();
        List<YamlNode.Entry> entries = m.entries(key, true);
        if (m.has(key) && entries.isEmpty() && m.optional(key) instanceof YamlNode.Mapping) {
            m.problem(key, "expected at least one " + shape);
        }
        for (YamlNode.Entry e : entries) {
            String path = m.path(key) + "." + e.key();
            String column = m.values().key(e, path, Identifiers::checkIdentifier);
            String v = value.apply(e.value(), path);
            if (v != null) {
                out.put(column, v);
            }
            each.accept(e, path);
        }
        return out;
    }

    static BatchSpec batch(StrictMap m, BatchSpec d) {
        if (m == null) {
            return d;
        }
        int size = m.integer("size", d.size(), 1, MAX_ROWS);
        int minSize = m.integer("min_size", d.minSize(), 1, MAX_ROWS);
        int maxSize = m.integer("max_size", d.maxSize(), 1, MAX_ROWS);
        if (minSize > size || size > maxSize) {
            m.problem("size", "expected min_size <= size <= max_size, got " + minSize + " <= " + size + " <= " + maxSize
                    + " (unset values take their defaults: size " + d.size() + ", min_size " + d.minSize() + ", max_size "
                    + d.maxSize() + ")");
        }
        return new BatchSpec(size, m.integer("target_ms", d.targetMs(), 1, MAX_MS), minSize, maxSize,
                m.integer("pause_ms", d.pauseMs(), 0, MAX_MS), pace(m, d.pace()));
    }

    /**
     * {@code pace: auto|fixed}; unset, giving {@code target_ms} or {@code pause_ms} means fixed
     * (explicit settings win), and otherwise the default's pace holds.
     */
    private static Pace pace(StrictMap m, Pace inherited) {
        boolean explicit = m.has("target_ms") || m.has("pause_ms");
        String word = m.optionalString("pace");
        if (word == null) {
            return explicit ? Pace.FIXED : inherited;
        }
        Pace pace = Pace.fromWord(word).orElse(null);
        if (pace == null) {
            m.problem("pace", "expected auto (paced by the database's activity) or fixed (target_ms and pause_ms as"
                    + " given), got '" + word + "'");
            return inherited;
        }
        if (pace == Pace.AUTO && explicit) {
            m.problem("pace", "pace: auto sets target_ms and pause_ms itself; remove them, or write pace: fixed to"
                    + " keep them");
        }
        return pace;
    }

    private ScheduleSpec schedule(StrictMap m) {
        if (m == null) {
            return null;
        }
        String cron = m.requireString("cron");
        if (cron != null && !CronExpression.isValidExpression(cron)) {
            m.problem("cron", "expected a Quartz cron expression of 6 or 7 fields (" + CRON_FIELDS + "), got '"
                    + cron + "': " + cronError(cron));
        }
        ZoneId zone = ZoneId.of("UTC");
        String zoneName = m.optionalString("time_zone");
        if (zoneName != null) {
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                m.problem("time_zone", "expected a time zone such as UTC or Europe/Paris, got '" + zoneName + "'");
            }
        }
        return new ScheduleSpec(cron, zone);
    }

    private static String cronError(String cron) {
        try {
            new CronExpression(cron);
            return "invalid";
        } catch (ParseException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            // Quartz throws unchecked exceptions on some malformed fields; its message is still the best hint.
            return String.valueOf(e.getMessage());
        }
    }

    static ThrottleSpec throttle(StrictMap m, ThrottleSpec d) {
        if (m == null) {
            return d;
        }
        return new ThrottleSpec(
                m.duration("max_replication_lag", d.maxReplicationLag(), Duration.ofMillis(1), Duration.ofDays(1)),
                m.integer("max_lock_waiters", d.maxLockWaiters(), 0, Integer.MAX_VALUE));
    }
}
