package io.pgshift.planner;

import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.PlanRejectedException;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.operation.TableNeeds;
import io.pgshift.operation.TableNeeds.Need;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Whether the connected role can do what a playbook does to each table and type: DDL needs the
 * owner (or a member of the owner's role, or a superuser); backfills need UPDATE; sync triggers
 * TRIGGER, and CREATE on the table's schema, where the trigger's function is created (since
 * PostgreSQL 15 {@code public} grants it to the database's owner only); foreign keys REFERENCES on
 * their target; new tables CREATE on the schema; ALTER TYPE the type's owner. Read by
 * {@code preflight}, and by every submission ({@link #require}: {@code apply}, the API's submit)
 * before anything changes: a role without them got as far as the first statement it could not
 * run, and a run that failed half-way. Raw SQL's privileges are not read.
 */
public final class Privileges {
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
    /** No row: the schema does not exist (yet: a raw SQL step may create it), and has_schema_privilege would fail. */
    private static final String SCHEMA_SQL = "SELECT has_schema_privilege(oid, 'CREATE') FROM pg_namespace WHERE nspname = ?";

    /** What was found for one table or type. */
    public enum Outcome {
        GRANTED,
        REFUSED,
        /**
         * No such table or type, and the playbook does not create it: the plan's validator has the
         * say (a table an earlier run dropped is no refusal; one the playbook only names is).
         */
        ABSENT
    }

    /** One table's or type's outcome in one line, and when refused, how to grant it. */
    public record Verdict(Outcome outcome, String message, String hint) {
        public boolean granted() {
            return outcome == Outcome.GRANTED;
        }
    }

    private Privileges() {
    }

    /**
     * Refuses a run its role could not carry through, before anything changes.
     *
     * @throws PlanRejectedException one {@link PlanProblem.MissingPrivilege} per table or type refused
     */
    public static void require(Connection c, Playbook playbook) {
        List<PlanProblem> refused = new ArrayList<>();
        try {
            for (Verdict v : review(c, TableNeeds.of(playbook))) {
                if (v.outcome() == Outcome.REFUSED) {
                    refused.add(new PlanProblem.MissingPrivilege("privileges", v.message(),
                            v.hint().isEmpty() ? "see pgshift preflight" : v.hint()));
                }
            }
        } catch (SQLException e) {
            throw new PgshiftException(ErrorCode.DATABASE, "could not read the role's privileges: " + e.getMessage(), e);
        }
        if (!refused.isEmpty()) {
            throw new PlanRejectedException(refused);
        }
    }

    /** One verdict per table the playbook touches, then per type it alters, in the playbook's order. */
    public static List<Verdict> review(Connection c, TableNeeds needs) throws SQLException {
        List<Verdict> out = new ArrayList<>();
        for (Map.Entry<TableRef, Set<Need>> e : needs.byTable().entrySet()) {
            out.add(table(c, e.getKey(), e.getValue()));
        }
        for (TableRef type : needs.alteredTypes()) {
            out.add(type(c, type));
        }
        return out;
    }

    private static Verdict table(Connection c, TableRef table, Set<Need> needs) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TABLE_SQL)) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return absent(c, table, needs);
                }
                String owner = rs.getString(1);
                String role = rs.getString(7);
                Set<Need> missing = EnumSet.noneOf(Need.class);
                check(needs, missing, Need.ALTER, rs.getBoolean(2));
                check(needs, missing, Need.UPDATE, rs.getBoolean(3));
                check(needs, missing, Need.TRIGGER, rs.getBoolean(4) || rs.getBoolean(2));
                check(needs, missing, Need.REFERENCES, rs.getBoolean(5));
                check(needs, missing, Need.SELECT, rs.getBoolean(6));
                boolean functionRefused = needs.contains(Need.TRIGGER) && !rs.getBoolean(8);
                if (missing.isEmpty() && !functionRefused) {
                    return new Verdict(Outcome.GRANTED, table.display() + ": role " + role + " may " + words(needs) + " (owner " + owner + ")", "");
                }
                List<String> lacks = new ArrayList<>(missing.isEmpty() ? List.of() : List.of(words(missing)));
                if (functionRefused) {
                    lacks.add("CREATE on schema " + table.schema() + " (where a sync trigger's function is created)");
                }
                String hint = missing.contains(Need.ALTER) ? "DDL needs the owner: GRANT " + owner + " TO " + role
                        : functionRefused ? "GRANT CREATE ON SCHEMA " + table.schema() + " TO " + role
                        : "GRANT " + words(missing) + " ON " + table.display() + " TO " + role;
                return new Verdict(Outcome.REFUSED, table.display() + ": role " + role + " lacks " + String.join(", ", lacks)
                        + " (owner " + owner + ")", hint);
            }
        }
    }

    /** A table that does not exist yet: the playbook creates it (CREATE on its schema), or it is missing. */
    private static Verdict absent(Connection c, TableRef table, Set<Need> needs) throws SQLException {
        if (!needs.contains(Need.CREATE_IN_SCHEMA)) {
            return new Verdict(Outcome.ABSENT, table.display() + ": no such table", "");
        }
        try (PreparedStatement ps = c.prepareStatement(SCHEMA_SQL)) {
            ps.setString(1, table.schema());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Verdict(Outcome.GRANTED, table.display() + ": schema " + table.schema() + " does not exist yet: who creates it"
                            + " decides", "");
                }
                boolean create = rs.getBoolean(1);
                return create ? new Verdict(Outcome.GRANTED, table.display() + ": may be created (CREATE on schema " + table.schema() + ")", "")
                        : new Verdict(Outcome.REFUSED, table.display() + ": cannot be created: no CREATE privilege on schema " + table.schema(),
                                "GRANT CREATE ON SCHEMA " + table.schema() + " TO the role pgshift connects as");
            }
        }
    }

    private static Verdict type(Connection c, TableRef type) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(TYPE_SQL)) {
            ps.setString(1, type.schema());
            ps.setString(2, type.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Verdict(Outcome.ABSENT, "type " + type.display() + ": no such type", "");
                }
                String owner = rs.getString(1);
                String role = rs.getString(3);
                return rs.getBoolean(2)
                        ? new Verdict(Outcome.GRANTED, "type " + type.display() + ": role " + role + " may ALTER it (owner " + owner + ")", "")
                        : new Verdict(Outcome.REFUSED, "type " + type.display() + ": role " + role + " lacks ALTER (owner " + owner + ")",
                                "ALTER TYPE needs the owner: GRANT " + owner + " TO " + role);
            }
        }
    }

    private static void check(Set<Need> needs, Set<Need> missing, Need need, boolean granted) {
        if (needs.contains(need) && !granted) {
            missing.add(need);
        }
    }

    private static String words(Set<Need> needs) {
        return String.join(", ", needs.stream().filter(n -> n != Need.CREATE_IN_SCHEMA).map(Need::name).toList());
    }
}
