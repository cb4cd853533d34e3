package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.gate.GateCheck;
import io.pgshift.plan.Phase;
import io.pgshift.plan.StepKind;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything pgshift knows about one kind of playbook operation, in one place: its YAML key and
 * fields, how it is read, the statements that apply and undo it ({@link Operation}: locks,
 * scans and rewrites, guards), the gate predicate that must find no row before it runs, its
 * effect on the simulated catalog, and the tables and privileges it needs. {@link
 * OperationRegistry} lists every type; a test walks it to prove each has its docs, its
 * lifecycle test case and its lint sample.
 *
 * @param <S> the step's model (a record of {@code io.pgshift.playbook})
 */
public interface OperationType<S> {
    /** The YAML key under {@code expand:} or {@code contract:}, e.g. {@code set_not_null}. */
    String key();

    /** {@link Phase#EXPAND} or {@link Phase#CONTRACT}: where the key is written. */
    Phase phase();

    Class<S> model();

    /** The keys of the step's mapping; empty when its value is a string ({@code - sql: "..."}). */
    List<String> fields();

    /** Reads the step; problems are recorded by {@code fields}, and a broken step may come back partial. */
    S parse(StepFields fields);

    /** The statements that apply and undo the step. */
    Operation operation(S step);

    /**
     * As {@link #operation(Object)}, planned against the live catalog: an operation whose undo
     * needs what the step removes (a drop's definition) reads it here. The plan stores that undo
     * with the step.
     */
    default Operation operation(S step, CatalogSnapshot catalog) {
        return operation(step);
    }

    /** The step's effect on the virtual schema: unknown names, conflicts, "already present". */
    void simulate(SimulationScope sim, String path, S step);

    /** The tables the step touches and what it does to each (the privileges it needs there). */
    void needs(S step, TableNeeds.Builder needs);

    /**
     * A backfill the operation needs in the backfill phase (alter_column_type fills its shadow
     * column), run like the playbook's own; empty for most operations.
     */
    default Optional<Backfill> backfill(S step) {
        return Optional.empty();
    }

    /**
     * The trigger that keeps the operation's own backfill in sync for the application's writes
     * (alter_column_type's shadow trigger); the backfill's batches pass it by. Empty without one.
     */
    default Optional<String> syncTrigger(S step) {
        return Optional.empty();
    }

    /**
     * Steps an expand operation adds to contract, before the playbook's own contract steps
     * (alter_column_type's swap), planned against the live catalog; empty for most operations.
     */
    default List<Operation> contract(S step, CatalogSnapshot catalog) {
        return List.of();
    }

    /** The violations the gate counts before any contract statement runs; empty when no row can violate it. */
    default Optional<GateCheck> gate(String path, S step) {
        return Optional.empty();
    }

    /** The relations (tables, indexes) the step creates, each in its table's schema. */
    default List<TableRef> createdRelations(S step) {
        return List.of();
    }

    /**
     * The relation names the catalog must look up for the step: those it creates (found free, or
     * holding what it wants) and those it drops by name alone (an index without its table).
     */
    default List<TableRef> namedRelations(S step) {
        return createdRelations(step);
    }

    /** The kind its steps are recorded as: the key in capitals. */
    default StepKind kind() {
        return StepKind.valueOf(key().toUpperCase(Locale.ROOT));
    }
}
