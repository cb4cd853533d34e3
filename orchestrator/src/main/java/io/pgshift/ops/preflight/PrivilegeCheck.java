package io.pgshift.ops.preflight;

import io.pgshift.operation.TableNeeds;
import io.pgshift.operation.TableNeeds.Need;
import io.pgshift.playbook.TableRef;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The connected role can do what the playbook does to each table: DDL needs the owner (or a
 * member of the owner's role, or a superuser); backfills need UPDATE; sync triggers TRIGGER;
 * foreign keys REFERENCES on their target; new tables CREATE on the schema; ALTER TYPE the
 * type's owner. A sync trigger's function is created in its table's schema, so a trigger needs
 * CREATE there too: since PostgreSQL 15 {@code public} gives it to the database's owner only, and
 * a table's owner without it got as far as the expand phase before the trigger failed (42501).
 */
public final class PrivilegeCheck implements PreflightCheck {
    private static final String TABLE_SQL = """
            SELECT pg_get_userbyid(c.relowner),
                   (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) OR pg_has_role(current_user, c.relowner, 'USAGE'),
                   has_table_privilege(c.oid, 'UPDATE'), has_table_privilege(c.oid, 'TRIGGER'),
                   has_table_privilege(c.oid, 'REFERENCES'), has_table_privilege(c.oid, 'SELECT'), current_user,
                   has_schema_privilege(n.oid, 'CREATE')
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')""";
    private static final String TYPE_SQL = """
            SELECT pg_get_userbyid(t.typowner),
                   (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) OR pg_has_role(current_user, t.typowner, 'USAGE'),
                   current_user
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE n.nspname = ? AND t.typname = ?""";

    @Override
    public String name() {
        return "privileges";
    }

    @Override
    public List<PreflightFinding> run(PreflightContext ctx) throws SQLException {
        List<PreflightFinding> out = new ArrayList<>();
        for (Map.Entry<TableRef, Set<Need>> e : ctx.needs().byTable().entrySet()) {
            out.add(table(ctx, e.getKey(), e.getValue()));
        }
        for (TableRef type : ctx.needs().alteredTypes()) {
            out.add(type(ctx, type));
        }
        if (ctx.needs().hasRawSql()) {
            out.add(new PreflightFinding(name(), CheckStatus.INFO, "raw SQL steps: their privileges are not checked"));
        }
        return out;
    }

    private PreflightFinding table(PreflightContext ctx, TableRef table, Set<Need> needs) throws SQLException {
        Object[] row = CheckQueries.one(ctx.connection(), TABLE_SQL, rs -> new Object[] {rs.getString(1), rs.getBoolean(2),
                rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5), rs.getBoolean(6), rs.getString(7), rs.getBoolean(8)},
                table.schema(), table.name());
        if (row == null) {
            if (!needs.contains(Need.CREATE_IN_SCHEMA)) {
                return new PreflightFinding(name(), CheckStatus.FAIL, table.display() + ": no such table");
            }
            boolean create = CheckQueries.one(ctx.connection(), "SELECT has_schema_privilege(?, 'CREATE')", rs -> rs.getBoolean(1),
                    table.schema());
            return new PreflightFinding(name(), create ? CheckStatus.PASS : CheckStatus.FAIL, table.display() + ": "
                    + (create ? "may be created (CREATE on schema " + table.schema() + ")"
                    : "cannot be created: no CREATE privilege on schema " + table.schema()));
        }
        String owner = (String) row[0];
        String role = (String) row[6];
        Set<Need> missing = EnumSet.noneOf(Need.class);
        check(needs, missing, Need.ALTER, (Boolean) row[1]);
        check(needs, missing, Need.UPDATE, (Boolean) row[2]);
        check(needs, missing, Need.TRIGGER, (Boolean) row[3] || (Boolean) row[1]);
        check(needs, missing, Need.REFERENCES, (Boolean) row[4]);
        check(needs, missing, Need.SELECT, (Boolean) row[5]);
        boolean functionRefused = needs.contains(Need.TRIGGER) && !(Boolean) row[7];
        if (missing.isEmpty() && !functionRefused) {
            return new PreflightFinding(name(), CheckStatus.PASS, table.display() + ": role " + role + " may " + words(needs)
                    + " (owner " + owner + ")");
        }
        List<String> lacks = new ArrayList<>(missing.isEmpty() ? List.of() : List.of(words(missing)));
        if (functionRefused) {
            lacks.add("CREATE on schema " + table.schema() + " (where a sync trigger's function is created)");
        }
        String hint = missing.contains(Need.ALTER) ? "; DDL needs the owner: GRANT " + owner + " TO " + role
                : functionRefused ? "; GRANT CREATE ON SCHEMA " + table.schema() + " TO " + role : "";
        return new PreflightFinding(name(), CheckStatus.FAIL, table.display() + ": role " + role + " lacks " + String.join(", ", lacks)
                + " (owner " + owner + ")" + hint);
    }

    private PreflightFinding type(PreflightContext ctx, TableRef type) throws SQLException {
        String[] row = CheckQueries.one(ctx.connection(), TYPE_SQL, rs -> new String[] {rs.getString(1),
                Boolean.toString(rs.getBoolean(2)), rs.getString(3)}, type.schema(), type.name());
        if (row == null) {
            return new PreflightFinding(name(), CheckStatus.FAIL, "type " + type.display() + ": no such type");
        }
        return Boolean.parseBoolean(row[1])
                ? new PreflightFinding(name(), CheckStatus.PASS, "type " + type.display() + ": role " + row[2] + " may ALTER it"
                        + " (owner " + row[0] + ")")
                : new PreflightFinding(name(), CheckStatus.FAIL, "type " + type.display() + ": role " + row[2] + " lacks ALTER"
                        + " (owner " + row[0] + "); ALTER TYPE needs the owner: GRANT " + row[0] + " TO " + row[2]);
    }

    private static void check(Set<Need> needs, Set<Need> missing, Need need, boolean granted) {
        if (needs.contains(need) && !granted) {
            missing.add(need);
        }
    }

    private static String words(Set<Need> needs) {
        return String.join(", ", needs.stream().filter(n -> n != Need.CREATE_IN_SCHEMA).map(n -> n.name()).toList());
    }
}
