package io.pgshift.ops;

import io.pgshift.playbook.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order in which rows go back into tables that reference one another: a referenced table
 * before the tables whose foreign keys point at it, since a non-deferrable key is checked row by
 * row as COPY inserts. Tables in a cycle keep their given order (their keys then fail the
 * restore, which rolls back, rather than being left unchecked).
 */
final class ReferenceOrder {
    private ReferenceOrder() {
    }

    /** {@code tables} ordered so that each comes after every other one it references ({@code references}: table → referenced). */
    static List<TableRef> order(List<TableRef> tables, Map<TableRef, Set<TableRef>> references) {
        List<TableRef> ordered = new ArrayList<>();
        Set<TableRef> left = new LinkedHashSet<>(tables);
        while (!left.isEmpty()) {
            TableRef next = left.stream()
                    .filter(t -> references.getOrDefault(t, Set.of()).stream().noneMatch(r -> !r.equals(t) && left.contains(r)))
                    .findFirst().orElse(left.iterator().next());
            ordered.add(next);
            left.remove(next);
        }
        return ordered;
    }

    /** The foreign keys among {@code tables}, from the live catalog. */
    static Map<TableRef, Set<TableRef>> read(Connection c, List<TableRef> tables) throws SQLException {
        Map<TableRef, Set<TableRef>> references = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT cn.nspname, cc.relname, fn.nspname, fc.relname"
                + " FROM pg_constraint k JOIN pg_class cc ON cc.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = cc.relnamespace"
                + " JOIN pg_class fc ON fc.oid = k.confrelid JOIN pg_namespace fn ON fn.oid = fc.relnamespace"
                + " WHERE k.contype = 'f' AND k.conrelid = ANY (?::regclass[]) AND k.confrelid = ANY (?::regclass[])")) {
            String[] names = tables.stream().map(TableRef::sql).toArray(String[]::new);
            ps.setArray(1, c.createArrayOf("text", names));
            ps.setArray(2, c.createArrayOf("text", names));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    references.computeIfAbsent(new TableRef(rs.getString(1), rs.getString(2)), k -> new LinkedHashSet<>())
                            .add(new TableRef(rs.getString(3), rs.getString(4)));
                }
            }
        }
        return references;
    }
}
