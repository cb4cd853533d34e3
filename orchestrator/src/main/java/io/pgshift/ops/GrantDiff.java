package io.pgshift.ops;

import io.pgshift.ops.SchemaDifference.Change;
import io.pgshift.ops.SchemaDifference.ObjectKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares the privileges on the tables both sides have (a table on one side only is already a
 * difference of its own). Pure, like {@link SchemaDiff}: a GRANT present on one side only is
 * ADDED or REMOVED, the same privilege grantable on one side only is CHANGED.
 */
public final class GrantDiff {
    static final String WITH_GRANT_OPTION = "with grant option";

    private GrantDiff() {
    }

    /** Grants keyed by table name; differences sorted by table, then by what is granted to whom. */
    public static List<SchemaDifference> compare(Map<String, List<TableGrant>> from, Map<String, List<TableGrant>> to) {
        List<SchemaDifference> out = new ArrayList<>();
        TreeSet<String> tables = new TreeSet<>(from.keySet());
        tables.retainAll(to.keySet());
        for (String table : tables) {
            SchemaDiff.pair(from.get(table), to.get(table), TableGrant::name, (name, x, y) -> {
                if (x == null) {
                    out.add(new SchemaDifference(Change.ADDED, ObjectKind.PRIVILEGE, table, name, null, null, option(y)));
                } else if (y == null) {
                    out.add(new SchemaDifference(Change.REMOVED, ObjectKind.PRIVILEGE, table, name, null, option(x), null));
                } else if (x.grantable() != y.grantable()) {
                    out.add(new SchemaDifference(Change.CHANGED, ObjectKind.PRIVILEGE, table, name, "grant option",
                            x.grantable() ? WITH_GRANT_OPTION : "without", y.grantable() ? WITH_GRANT_OPTION : "without"));
                }
            });
        }
        return out;
    }

    private static String option(TableGrant g) {
        return g.grantable() ? WITH_GRANT_OPTION : null;
    }
}
