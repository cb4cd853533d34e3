package io.pgshift.catalog;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brings a type as written in a playbook ({@code int8}, {@code varchar(20)}, {@code timestamptz})
 * to the spelling format_type() prints ({@code bigint}, {@code character varying(20)},
 * {@code timestamp with time zone}), so the two can be compared as strings.
 */
public final class TypeNames {
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("int", "integer"), Map.entry("int4", "integer"), Map.entry("serial", "integer"),
            Map.entry("serial4", "integer"),
            Map.entry("int8", "bigint"), Map.entry("bigserial", "bigint"), Map.entry("serial8", "bigint"),
            Map.entry("int2", "smallint"), Map.entry("smallserial", "smallint"), Map.entry("serial2", "smallint"),
            Map.entry("bool", "boolean"),
            Map.entry("float8", "double precision"), Map.entry("float", "double precision"),
            Map.entry("float4", "real"),
            Map.entry("varchar", "character varying"), Map.entry("char", "character"),
            Map.entry("bpchar", "character"), Map.entry("decimal", "numeric"),
            Map.entry("timestamptz", "timestamp with time zone"),
            Map.entry("timestamp", "timestamp without time zone"),
            Map.entry("timetz", "time with time zone"), Map.entry("time", "time without time zone"));
    /** base name, optional (modifiers), optional with/without time zone, optional array brackets. */
    private static final Pattern SHAPE = Pattern.compile(
            "(.+?)(?:\\((\\d+(?:,-?\\d+)?)\\))?(?: ?(with(?:out)? time zone))?((?:\\[\\d*\\])*)");

    private TypeNames() {
    }

    public static String normalise(String type) {
        String t = io.pgshift.playbook.ColumnTypes.dataType(type).trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ")
                .replaceAll(" ?([(),\\[\\]]) ?", "$1");
        if (t.startsWith("pg_catalog.")) {
            t = t.substring("pg_catalog.".length());
        }
        Matcher m = SHAPE.matcher(t);
        if (!m.matches()) {
            return t;
        }
        String zone = m.group(3) == null ? "" : " " + m.group(3);
        // "timestamp with time zone" must not have its "timestamp" read as the alias of the zone-less type
        String base = zone.isEmpty() ? ALIASES.getOrDefault(m.group(1), m.group(1)) : m.group(1);
        String modifier = m.group(2) == null ? "" : "(" + m.group(2) + ")";
        String array = m.group(4).isEmpty() ? "" : "[]".repeat(m.group(4).split("]", -1).length - 1);
        if (base.startsWith("timestamp ") || base.startsWith("time ")) {
            // timestamptz(3) is printed "timestamp(3) with time zone": the precision goes before the zone
            int space = base.indexOf(' ');
            zone = base.substring(space);
            base = base.substring(0, space);
        }
        return base + modifier + zone + array;
    }

    /** Types whose values compare with {@code =} through a btree index on either side. */
    private static final java.util.List<java.util.Set<String>> COMPARABLE = java.util.List.of(
            java.util.Set.of("smallint", "integer", "bigint"),
            java.util.Set.of("text", "character varying"),
            java.util.Set.of("real", "double precision"),
            java.util.Set.of("date", "timestamp without time zone", "timestamp with time zone"));

    /**
     * Whether values of the two types can be matched with {@code =} as they are: the same type
     * (modifiers aside: {@code varchar(20)} and {@code varchar(40)}), or types of one family that
     * PostgreSQL compares without a cast hiding the index ({@code integer} and {@code bigint}).
     */
    public static boolean comparable(String a, String b) {
        String x = base(normalise(a));
        String y = base(normalise(b));
        return x.equals(y) || COMPARABLE.stream().anyMatch(f -> f.contains(x) && f.contains(y));
    }

    /** The type without its modifiers: {@code character varying(20)} → {@code character varying}. */
    private static String base(String normalised) {
        return normalised.replaceAll("\\(\\d+(?:,-?\\d+)?\\)", "");
    }

    /** Whether two type spellings name the same type. */
    public static boolean same(String a, String b) {
        return normalise(a).equals(normalise(b));
    }
}
