package io.pgshift.catalog;

import io.pgshift.playbook.TableRef;

/**
 * An object of the database that depends on a part of a table: what a drop of that part would
 * break (a view, a foreign key of another table) or silently take with it (an index, a
 * constraint, a trigger naming the column). Read from pg_depend, so only what PostgreSQL records:
 * a PL/pgSQL function body naming a column is not a dependent.
 *
 * @param table    the table whose part is depended on
 * @param part     which part: the table itself, a column, an index or a constraint of it
 * @param partName the column, index or constraint name; null for {@link Part#TABLE}
 * @param kind     what the dependent is
 * @param owner    the relation the dependent belongs to (the view itself for a view, the table of an
 *                 index, constraint, trigger or column); null when it belongs to none (a function)
 * @param name     its name; for {@link Kind#OTHER}, PostgreSQL's description of it
 */
public record Dependent(TableRef table, Part part, String partName, Kind kind, TableRef owner, String name) {
    public enum Part { TABLE, COLUMN, INDEX, CONSTRAINT }

    public enum Kind {
        VIEW, MATERIALIZED_VIEW, INDEX, CONSTRAINT, FOREIGN_KEY, TRIGGER, GENERATED_COLUMN, DEFAULT, CHILD_TABLE,
        POLICY, RULE, OTHER
    }

    /** Whether it belongs to the table it depends on (a drop of the whole table takes it along). */
    public boolean ownedByTable() {
        return table.equals(owner);
    }

    /** Whether this is the object {@code kind} named {@code name} of {@code owner}. */
    public boolean is(Kind kind, TableRef owner, String name) {
        return this.kind == kind && owner.equals(this.owner) && name.equals(this.name);
    }

    /** For people: {@code view "users_v"}, {@code foreign key "orders_user_id_fkey" of table "orders"}. */
    public String describe() {
        String of = owner == null ? "" : " of table " + PlanProblem.quote(owner);
        String on = owner == null ? "" : " on table " + PlanProblem.quote(owner);
        return switch (kind) {
            case VIEW -> "view " + PlanProblem.quote(owner);
            case MATERIALIZED_VIEW -> "materialized view " + PlanProblem.quote(owner);
            case INDEX -> "index " + PlanProblem.quote(name) + on;
            case CONSTRAINT -> "constraint " + PlanProblem.quote(name) + of;
            case FOREIGN_KEY -> "foreign key " + PlanProblem.quote(name) + of;
            case TRIGGER -> "trigger " + PlanProblem.quote(name) + on;
            case GENERATED_COLUMN -> "generated column " + PlanProblem.quote(name) + of;
            case DEFAULT -> "the default of column " + PlanProblem.quote(name) + of;
            case CHILD_TABLE -> "table " + PlanProblem.quote(owner) + " (inherits from it)";
            case POLICY -> "policy " + PlanProblem.quote(name) + on;
            case RULE -> "rule " + PlanProblem.quote(name) + on;
            case OTHER -> name;
        };
    }
}
