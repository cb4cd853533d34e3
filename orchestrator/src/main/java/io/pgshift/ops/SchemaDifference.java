package io.pgshift.ops;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One difference between two schemas, read from FROM towards TO: {@code ADDED} exists only in
 * TO, {@code REMOVED} only in FROM, {@code CHANGED} in both with {@code from} and {@code to}
 * describing the differing property. A PRIVILEGE is named for what is granted to whom
 * ({@code SELECT on users to app_reader}); a SETTING has no table and is always CHANGED.
 *
 * @param property what differs for a CHANGED object ({@code type}, {@code default}, {@code definition}, ...);
 *                 null otherwise
 * @param from     the value in FROM (the definition of a REMOVED object), or null
 * @param to       the value in TO (the definition of an ADDED object), or null
 */
public record SchemaDifference(Change change, ObjectKind kind, String table, String name, String property,
                               String from, String to) {
    public enum Change {
        ADDED, REMOVED, CHANGED
    }

    public enum ObjectKind {
        TABLE, COLUMN, INDEX, CONSTRAINT, TRIGGER, PRIVILEGE, SETTING
    }

    /**
     * Whether it makes the targets different (exit 11). A SETTING is a warning: environments sized
     * differently (production's max_wal_size, maintenance_work_mem) legitimately differ there, and
     * a difference that is always there would teach everyone to ignore the exit code.
     */
    public boolean drift() {
        return kind != ObjectKind.SETTING;
    }

    /**
     * {@code + users.locale text}, {@code - index users_email_key on users}, {@code ~ users.theme: default 'light' -> none},
     * {@code + grant SELECT on users to app_reader}, {@code ~ setting lock_timeout: 0 -> 3s (warning, not drift)}.
     */
    public String text() {
        String subject = switch (kind) {
            case TABLE -> "table " + table;
            case COLUMN -> table + "." + name;
            case INDEX, CONSTRAINT, TRIGGER -> kind.name().toLowerCase(java.util.Locale.ROOT) + " " + name + " on " + table;
            case PRIVILEGE -> "grant " + name;
            case SETTING -> "setting " + name;
        };
        if (kind == ObjectKind.SETTING) {
            return "~ " + subject + ": " + shown(from) + " -> " + shown(to) + " (warning, not drift)";
        }
        return switch (change) {
            case ADDED -> "+ " + subject + (to == null ? "" : (kind == ObjectKind.COLUMN ? " " : ": ") + to);
            case REMOVED -> "- " + subject + (from == null ? "" : (kind == ObjectKind.COLUMN ? " " : ": ") + from);
            case CHANGED -> "~ " + subject + ": " + property + " " + shown(from) + " -> " + shown(to);
        };
    }

    private static String shown(String value) {
        return value == null ? "none" : value;
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("change", change.name());
        m.put("kind", kind.name());
        m.put("table", table);
        m.put("name", name);
        m.put("property", property);
        m.put("from", from);
        m.put("to", to);
        m.put("drift", drift());
        return m;
    }
}
