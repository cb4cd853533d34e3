package io.pgshift.catalog;

import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One way a playbook does not fit the live database. Each kind is its own record, so callers
 * (lint output, the API, tests) can switch over them exhaustively.
 */
public sealed interface PlanProblem {
    /** Where in the playbook, e.g. {@code expand[0].add_column}. */
    String path();

    /** One line: what is wrong, identifiers quoted. */
    String message();

    /** How to fix it. */
    String hint();

    /** {@code expand[0].add_column: table "users" has no column "theme"}. */
    default String render() {
        return path() + ": " + message();
    }

    /** The connected role may not do what the playbook does to a table or type (path {@code privileges}). */
    record MissingPrivilege(String path, String message, String hint) implements PlanProblem {
    }

    /** Something the operation does not handle (yet), said in its own words. */
    record Unsupported(String path, String message, String hint) implements PlanProblem {
    }

    record UnknownTable(String path, TableRef table) implements PlanProblem {
        public String message() {
            return "table " + quote(table) + " does not exist and no earlier create_table creates it";
        }

        public String hint() {
            return "check the spelling and the schema (settings.schema), or create the table in expand first";
        }
    }

    record UnknownColumn(String path, TableRef table, String column) implements PlanProblem {
        public String message() {
            return "table " + quote(table) + " has no column " + quote(column);
        }

        public String hint() {
            return "check the spelling, or add the column with add_column in expand before it is used";
        }
    }

    /** {@code column} is null when the whole table is missing. */
    record MissingRequirement(String path, TableRef table, String column) implements PlanProblem {
        public String message() {
            return column == null ? "required table " + quote(table) + " does not exist"
                    : "required column " + quote(column) + " of table " + quote(table) + " does not exist";
        }

        public String hint() {
            return "run this playbook against the database it was written for, or apply the change that creates it first";
        }
    }

    record NoBatchKey(String path, TableRef table) implements PlanProblem {
        public String message() {
            return "table " + quote(table) + " has no primary key and no unique, non-partial index over NOT NULL columns"
                    + " to backfill it in batches";
        }

        public String hint() {
            return "add a primary key (or a unique index over NOT NULL columns) to the table first";
        }
    }

    record ForeignKeyTypeMismatch(String path, TableRef table, String column, String type,
                                  TableRef referencedTable, String referencedColumn, String referencedType)
            implements PlanProblem {
        public String message() {
            return "column " + quote(column) + " of table " + quote(table) + " is " + type + " but the column "
                    + quote(referencedColumn) + " of table " + quote(referencedTable) + " it references is "
                    + referencedType;
        }

        public String hint() {
            return "give both columns the same type (comparisons across types cannot use the index)";
        }
    }

    record ForeignKeyTargetNotUnique(String path, TableRef referencedTable, List<String> referencedColumns)
            implements PlanProblem {
        public String message() {
            return "columns " + quoteAll(referencedColumns) + " of table " + quote(referencedTable)
                    + " have no primary key or unique constraint for a foreign key to reference";
        }

        public String hint() {
            return "reference the primary key, or add a unique constraint over exactly these columns first";
        }
    }

    /** A backfill's {@code from.on} pair whose two columns cannot be matched with {@code =} as they are. */
    record JoinTypeMismatch(String path, TableRef table, String column, String type, TableRef source,
                            String sourceColumn, String sourceType) implements PlanProblem {
        public String message() {
            return "column " + quote(column) + " of table " + quote(table) + " is " + type + " but the column "
                    + quote(sourceColumn) + " of table " + quote(source) + " it is matched on is " + sourceType;
        }

        public String hint() {
            return "match columns of the same type (or both integer, both text types): a cast would hide the source's"
                    + " index from every batch";
        }
    }

    /** A backfill's source whose {@code from.on} columns hold no unique key: a target row could match several rows. */
    record JoinSourceNotUnique(String path, TableRef source, List<String> sourceColumns) implements PlanProblem {
        public String message() {
            return "columns " + quoteAll(sourceColumns) + " of table " + quote(source) + " hold no primary key or"
                    + " unique constraint or index: a row of the backfilled table could match several of its rows,"
                    + " and which one's values it gets would be arbitrary";
        }

        public String hint() {
            return "match on the source's primary key (or a unique key, possibly with more columns), or add a unique"
                    + " index over these columns in expand first";
        }
    }

    /**
     * A name the playbook creates already belongs to something else: {@code subject} says what
     * (e.g. {@code column "theme" of table "users"}), {@code existing} what it is now and
     * {@code wanted} what the playbook asks for.
     */
    record ConflictingDefinition(String path, String subject, String existing, String wanted) implements PlanProblem {
        public String message() {
            return subject + " already exists as " + existing + ", but the playbook defines it as " + wanted;
        }

        public String hint() {
            return "choose another name in the playbook, or change or drop the existing object first";
        }
    }

    record UnknownEnumType(String path, TableRef type) implements PlanProblem {
        public String message() {
            return "enum type " + quote(type) + " does not exist";
        }

        public String hint() {
            return "check the spelling and the schema (settings.schema); a type that is not an enum cannot take values";
        }
    }

    /** {@code before:} or {@code after:} names a label the enum type does not have. */
    record UnknownEnumLabel(String path, TableRef type, String label) implements PlanProblem {
        public String message() {
            return "enum type " + quote(type) + " has no value '" + label + "'";
        }

        public String hint() {
            return "place the new value before or after one of the type's values (labels are case-sensitive),"
                    + " or leave both out to add it at the end";
        }
    }

    /** A backfill's schedule that never overlaps the target's allowed windows: its run could never finish. */
    record ScheduleOutsideWindows(String path, String schedule, String allowedWindows) implements PlanProblem {
        public String message() {
            return "the backfill's schedule " + schedule + " never falls within the target's allowed windows "
                    + allowedWindows;
        }

        public String hint() {
            return "move the schedule inside the allowed windows, or drop it (the backfill then runs whenever they are"
                    + " open)";
        }
    }

    /**
     * A drop that would break or silently take other objects with it: {@code subject} says what is
     * dropped (e.g. {@code column "legacy" of table "users"}), {@code dependents} each object
     * depending on it (e.g. {@code view "users_v"}). pgshift never drops with CASCADE.
     */
    record DropBlockedByDependents(String path, String subject, List<String> dependents) implements PlanProblem {
        public DropBlockedByDependents {
            dependents = List.copyOf(dependents);
        }

        public String message() {
            return "cannot drop " + subject + ": " + (dependents.size() == 1 ? "1 object depends" : dependents.size()
                    + " objects depend") + " on it: " + String.join(", ", dependents);
        }

        public String hint() {
            return "drop or change each of them first: drop_index and drop_constraint steps before this one in"
                    + " contract (or an earlier playbook), views, triggers and functions by hand";
        }
    }

    /** What the step drops is gone already at this point of the playbook: an earlier step drops it. */
    record DroppedEarlier(String path, String subject) implements PlanProblem {
        public String message() {
            return subject + " is dropped by an earlier step of this playbook";
        }

        public String hint() {
            return "drop it once: remove this step, or check the names";
        }
    }

    /** drop_not_null of a primary key column, which PostgreSQL refuses. */
    record ColumnInPrimaryKey(String path, TableRef table, String column, String constraint) implements PlanProblem {
        public String message() {
            return "column " + quote(column) + " of table " + quote(table) + " is part of the primary key "
                    + quote(constraint) + ": it cannot be nullable";
        }

        public String hint() {
            return "drop the primary key first (drop_constraint), or keep the column NOT NULL";
        }
    }

    /**
     * A unique index on a partitioned table whose columns leave out part of the partition key:
     * each partition's index sees only its own rows, so PostgreSQL refuses it.
     */
    record PartitionKeyNotCovered(String path, TableRef table, String partitionKey, List<String> missing)
            implements PlanProblem {
        public String message() {
            return "a unique index on partitioned table " + quote(table) + " must include its partition key "
                    + partitionKey + ": " + quoteAll(missing) + " missing (each partition checks only its own rows)";
        }

        public String hint() {
            return "add " + quoteAll(missing) + " to columns, or enforce the uniqueness another way";
        }
    }

    public static String quote(TableRef table) {
        return quote(table.display());
    }

    public static String quote(String identifier) {
        return "\"" + identifier + "\"";
    }

    public static String quoteAll(List<String> identifiers) {
        return identifiers.stream().map(PlanProblem::quote).collect(Collectors.joining(", "));
    }
}
