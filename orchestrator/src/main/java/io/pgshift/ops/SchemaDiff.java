package io.pgshift.ops;

import io.pgshift.catalog.ColumnInfo;
import io.pgshift.catalog.ConstraintInfo;
import io.pgshift.catalog.IndexInfo;
import io.pgshift.catalog.TableInfo;
import io.pgshift.ops.SchemaDifference.Change;
import io.pgshift.ops.SchemaDifference.ObjectKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compares two sets of live tables (as {@link io.pgshift.catalog.CatalogReader} reads them):
 * columns (type, nullability, default), indexes (definition, validity), constraints
 * (definition, validated) and triggers, by name. Pure: no database, so every rule is unit-tested.
 * Sizes and row estimates are not compared: they differ between any two environments.
 */
public final class SchemaDiff {
    private SchemaDiff() {
    }

    /** Tables keyed by the name shown (e.g. {@code users}); differences sorted by table, then kind, then name. */
    public static List<SchemaDifference> compare(Map<String, TableInfo> from, Map<String, TableInfo> to) {
        List<SchemaDifference> out = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(from.keySet());
        names.addAll(to.keySet());
        for (String table : names) {
            TableInfo a = from.get(table);
            TableInfo b = to.get(table);
            if (a == null) {
                out.add(new SchemaDifference(Change.ADDED, ObjectKind.TABLE, table, table, null, null, null));
            } else if (b == null) {
                out.add(new SchemaDifference(Change.REMOVED, ObjectKind.TABLE, table, table, null, null, null));
            } else {
                out.addAll(compareTables(table, a, b));
            }
        }
        return out;
    }

    private static List<SchemaDifference> compareTables(String table, TableInfo a, TableInfo b) {
        List<SchemaDifference> out = new ArrayList<>();
        pair(a.columns(), b.columns(), ColumnInfo::name, (name, x, y) -> {
            Subject column = new Subject(ObjectKind.COLUMN, table, name);
            if (x == null || y == null) {
                out.add(x == null ? column.added(describe(y)) : column.removed(describe(x)));
                return;
            }
            column.changed(out, "type", x.type(), y.type());
            column.changed(out, "nullability", x.notNull() ? "not null" : "nullable", y.notNull() ? "not null" : "nullable");
            column.changed(out, "default", x.defaultExpr(), y.defaultExpr());
        });
        pair(a.indexes(), b.indexes(), IndexInfo::name, (name, x, y) -> {
            Subject index = new Subject(ObjectKind.INDEX, table, name);
            if (x == null || y == null) {
                out.add(x == null ? index.added(y.definition()) : index.removed(x.definition()));
                return;
            }
            index.changed(out, "definition", x.definition(), y.definition());
            index.changed(out, "validity", x.valid() ? "valid" : "INVALID", y.valid() ? "valid" : "INVALID");
        });
        pair(a.constraints(), b.constraints(), ConstraintInfo::name, (name, x, y) -> {
            Subject constraint = new Subject(ObjectKind.CONSTRAINT, table, name);
            if (x == null || y == null) {
                out.add(x == null ? constraint.added(y.definition()) : constraint.removed(x.definition()));
                return;
            }
            constraint.changed(out, "definition", x.definition(), y.definition());
            constraint.changed(out, "validation", x.validated() ? "validated" : "NOT VALID",
                    y.validated() ? "validated" : "NOT VALID");
        });
        pair(a.triggers(), b.triggers(), Function.identity(), (name, x, y) -> {
            Subject trigger = new Subject(ObjectKind.TRIGGER, table, name);
            if (x == null || y == null) {
                out.add(x == null ? trigger.added(null) : trigger.removed(null));
            }
        });
        return out;
    }

    /** {@code text not null default 'x'}: a column as one would write it. */
    static String describe(ColumnInfo c) {
        return c.type() + (c.notNull() ? " not null" : "") + (c.defaultExpr() == null ? "" : " default " + c.defaultExpr());
    }

    /** The object a difference is about: its kind, its table and its name. */
    private record Subject(ObjectKind kind, String table, String name) {
        SchemaDifference added(String definition) {
            return new SchemaDifference(Change.ADDED, kind, table, name, null, null, definition);
        }

        SchemaDifference removed(String definition) {
            return new SchemaDifference(Change.REMOVED, kind, table, name, null, definition, null);
        }

        /** Adds a CHANGED difference to {@code out} when {@code property} differs between the two sides. */
        void changed(List<SchemaDifference> out, String property, String from, String to) {
            if (!Objects.equals(from, to)) {
                out.add(new SchemaDifference(Change.CHANGED, kind, table, name, property, from, to));
            }
        }
    }

    interface Pairing<T> {
        void accept(String name, T inFrom, T inTo);
    }

    /** Calls {@code pairing} for every name in either list, sorted, with null on the side lacking it. */
    static <T> void pair(Collection<T> from, Collection<T> to, Function<T, String> name, Pairing<T> pairing) {
        Map<String, T> a = from.stream().collect(Collectors.toMap(name, Function.identity(), (x, y) -> x, TreeMap::new));
        Map<String, T> b = to.stream().collect(Collectors.toMap(name, Function.identity(), (x, y) -> x, TreeMap::new));
        TreeSet<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        names.forEach(n -> pairing.accept(n, a.get(n), b.get(n)));
    }
}
