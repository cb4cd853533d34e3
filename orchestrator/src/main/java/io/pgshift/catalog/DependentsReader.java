package io.pgshift.catalog;

import io.pgshift.catalog.Dependent.Kind;
import io.pgshift.catalog.Dependent.Part;
import io.pgshift.playbook.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads what depends on one table's parts (the table, its columns, indexes and constraints)
 * from pg_depend, inside the transaction {@link CatalogReader} opened. A sequence a column owns
 * stands for its column (a default elsewhere using it breaks when the column goes). Left out:
 * what a drop removes harmlessly or what is the part itself: owned sequences, extended
 * statistics, partitions, the column's own default, and for the table part the table's own
 * indexes, constraints, triggers and policies. An index that enforces a constraint lends its
 * dependents (foreign keys of other tables) to the constraint too.
 */
final class DependentsReader {
    private static final String SQL = """
            WITH target AS (SELECT ?::oid AS oid), owned_seq AS (
                SELECT s.objid, s.refobjsubid AS attnum
                  FROM pg_depend s JOIN pg_class sc ON sc.oid = s.objid AND sc.relkind = 'S'
                 WHERE s.classid = 'pg_class'::regclass AND s.refclassid = 'pg_class'::regclass
                   AND s.refobjid = (SELECT oid FROM target) AND s.deptype IN ('a', 'i')
            ), refs AS (
                SELECT 'pg_class'::regclass::oid AS refclassid, (SELECT oid FROM target) AS refobjid
                UNION ALL SELECT 'pg_class'::regclass::oid, indexrelid FROM pg_index WHERE indrelid = (SELECT oid FROM target)
                UNION ALL SELECT 'pg_class'::regclass::oid, objid FROM owned_seq
                UNION ALL SELECT 'pg_constraint'::regclass::oid, oid FROM pg_constraint WHERE conrelid = (SELECT oid FROM target)
            ), deps AS (
                SELECT d.*,
                       CASE WHEN d.refclassid = 'pg_constraint'::regclass THEN 'CONSTRAINT'
                            WHEN d.refobjid = (SELECT oid FROM target) AND d.refobjsubid > 0 THEN 'COLUMN'
                            WHEN d.refobjid = (SELECT oid FROM target) THEN 'TABLE'
                            WHEN os.objid IS NOT NULL THEN 'COLUMN'
                            ELSE 'INDEX' END AS part,
                       CASE WHEN d.refclassid = 'pg_constraint'::regclass
                                 THEN (SELECT conname FROM pg_constraint WHERE oid = d.refobjid)
                            WHEN d.refobjid = (SELECT oid FROM target) AND d.refobjsubid > 0
                                 THEN (SELECT attname FROM pg_attribute WHERE attrelid = (SELECT oid FROM target) AND attnum = d.refobjsubid)
                            WHEN d.refobjid = (SELECT oid FROM target) THEN NULL
                            WHEN os.objid IS NOT NULL
                                 THEN (SELECT attname FROM pg_attribute WHERE attrelid = (SELECT oid FROM target) AND attnum = os.attnum)
                            ELSE (SELECT relname FROM pg_class WHERE oid = d.refobjid) END AS part_name,
                       (SELECT c.conname FROM pg_constraint c
                         WHERE c.conindid = d.refobjid AND c.conrelid = (SELECT oid FROM target) AND c.contype IN ('p', 'u', 'x')
                           AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> (SELECT oid FROM target)) AS backing_constraint
                  FROM refs
                  JOIN pg_depend d ON d.refclassid = refs.refclassid AND d.refobjid = refs.refobjid
                  LEFT JOIN owned_seq os ON d.refclassid = 'pg_class'::regclass AND os.objid = d.refobjid
                 WHERE d.deptype IN ('n', 'a')
            )
            SELECT * FROM (
                SELECT deps.part, deps.part_name, deps.backing_constraint,
                       CASE WHEN deps.classid = 'pg_class'::regclass THEN
                                 CASE WHEN dc.relkind IN ('i', 'I') THEN 'INDEX'
                                      WHEN dc.relkind = 'S' THEN 'SEQUENCE'
                                      WHEN deps.objsubid > 0 THEN 'GENERATED_COLUMN'
                                      WHEN dc.relkind IN ('r', 'p', 'f') AND deps.deptype = 'a' THEN 'PARTITION'
                                      WHEN dc.relkind IN ('r', 'p', 'f') THEN 'CHILD_TABLE'
                                      ELSE 'OTHER' END
                            WHEN deps.classid = 'pg_constraint'::regclass THEN
                                 CASE WHEN con.contype = 'f' THEN 'FOREIGN_KEY' WHEN con.conrelid <> 0 THEN 'CONSTRAINT' ELSE 'OTHER' END
                            WHEN deps.classid = 'pg_trigger'::regclass THEN 'TRIGGER'
                            WHEN deps.classid = 'pg_rewrite'::regclass THEN
                                 CASE WHEN rw.rulename = '_RETURN' AND rwc.relkind = 'v' THEN 'VIEW'
                                      WHEN rw.rulename = '_RETURN' AND rwc.relkind = 'm' THEN 'MATERIALIZED_VIEW'
                                      ELSE 'RULE' END
                            WHEN deps.classid = 'pg_attrdef'::regclass THEN
                                 CASE WHEN ada.attgenerated <> '' THEN 'GENERATED_COLUMN' ELSE 'DEFAULT' END
                            WHEN deps.classid = 'pg_policy'::regclass THEN 'POLICY'
                            WHEN deps.classid = 'pg_statistic_ext'::regclass THEN 'STATISTICS'
                            ELSE 'OTHER' END AS kind,
                       owner_ns.nspname, owner.relname,
                       CASE WHEN deps.classid = 'pg_class'::regclass AND deps.objsubid > 0
                                 THEN (SELECT attname FROM pg_attribute WHERE attrelid = deps.objid AND attnum = deps.objsubid)
                            WHEN deps.classid = 'pg_class'::regclass THEN dc.relname
                            WHEN deps.classid = 'pg_constraint'::regclass THEN con.conname
                            WHEN deps.classid = 'pg_trigger'::regclass THEN tg.tgname
                            WHEN deps.classid = 'pg_rewrite'::regclass THEN rw.rulename
                            WHEN deps.classid = 'pg_attrdef'::regclass THEN ada.attname
                            WHEN deps.classid = 'pg_policy'::regclass THEN pol.polname
                            ELSE pg_describe_object(deps.classid, deps.objid, deps.objsubid) END AS name
                  FROM deps
                  LEFT JOIN pg_class dc ON deps.classid = 'pg_class'::regclass AND dc.oid = deps.objid
                  LEFT JOIN pg_index di ON di.indexrelid = dc.oid
                  LEFT JOIN pg_constraint con ON deps.classid = 'pg_constraint'::regclass AND con.oid = deps.objid
                  LEFT JOIN pg_trigger tg ON deps.classid = 'pg_trigger'::regclass AND tg.oid = deps.objid
                  LEFT JOIN pg_rewrite rw ON deps.classid = 'pg_rewrite'::regclass AND rw.oid = deps.objid
                  LEFT JOIN pg_class rwc ON rwc.oid = rw.ev_class
                  LEFT JOIN pg_attrdef ad ON deps.classid = 'pg_attrdef'::regclass AND ad.oid = deps.objid
                  LEFT JOIN pg_attribute ada ON ada.attrelid = ad.adrelid AND ada.attnum = ad.adnum
                  LEFT JOIN pg_policy pol ON deps.classid = 'pg_policy'::regclass AND pol.oid = deps.objid
                  LEFT JOIN pg_class owner ON owner.oid = COALESCE(di.indrelid, CASE WHEN dc.relkind <> 'S' THEN dc.oid END,
                                                                  NULLIF(con.conrelid, 0), tg.tgrelid, rw.ev_class, ad.adrelid, pol.polrelid)
                  LEFT JOIN pg_namespace owner_ns ON owner_ns.oid = owner.relnamespace
            ) found
             WHERE kind NOT IN ('SEQUENCE', 'STATISTICS', 'PARTITION')
             ORDER BY 1, 2, 4, 5, 6, 7
            """;

    private final Connection c;

    DependentsReader(Connection c) {
        this.c = c;
    }

    List<Dependent> read(long oid, TableRef table) throws SQLException {
        Set<Dependent> found = new LinkedHashSet<>();
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setLong(1, oid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Part part = Part.valueOf(rs.getString(1));
                    Kind kind = Kind.valueOf(rs.getString(4));
                    TableRef owner = rs.getString(5) == null ? null : new TableRef(rs.getString(5), rs.getString(6));
                    // a view is its _RETURN rule: named by the view
                    String name = kind == Kind.VIEW || kind == Kind.MATERIALIZED_VIEW ? owner.name() : rs.getString(7);
                    Dependent d = new Dependent(table, part, rs.getString(2), kind, owner, name);
                    if (!isPartItself(d)) {
                        found.add(d);
                        String constraint = rs.getString(3);
                        if (constraint != null) {
                            found.add(new Dependent(table, Part.CONSTRAINT, constraint, kind, owner, name));
                        }
                    }
                }
            }
        }
        return new ArrayList<>(found);
    }

    /** The table's own objects under the table part; a column's own default under its column. */
    private static boolean isPartItself(Dependent d) {
        return switch (d.part()) {
            case TABLE -> d.ownedByTable();
            case COLUMN -> d.ownedByTable() && (d.kind() == Kind.DEFAULT || d.kind() == Kind.GENERATED_COLUMN)
                    && d.name().equals(d.partName());
            case INDEX, CONSTRAINT -> false;
        };
    }
}
