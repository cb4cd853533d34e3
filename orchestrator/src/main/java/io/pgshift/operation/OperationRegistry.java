package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.SimulationScope;
import io.pgshift.gate.GateCheck;
import io.pgshift.plan.Phase;
import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.ContractStep;
import io.pgshift.playbook.ExpandStep;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.StepFields;
import io.pgshift.playbook.StepPath;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Optional;

/**
 * Every operation a playbook may use, in the order the docs list them. Adding one is its type's
 * file, its line here, its docs section and its lifecycle test case (OperationRegistryTest
 * checks the last three).
 */
public final class OperationRegistry {
    public static final List<OperationType<?>> ALL = List.of(
            CreateTableOperation.TYPE,
            AddColumnOperation.TYPE,
            CreateIndexOperation.TYPE,
            RawSqlOperation.TYPE,
            AlterColumnTypeOperation.TYPE,
            RenameTableOperation.TYPE,
            RenameColumnOperation.TYPE,
            AddEnumValueOperation.TYPE,
            SetNotNullOperation.TYPE,
            AddUniqueOperation.TYPE,
            AddForeignKeyOperation.TYPE,
            AddCheckOperation.TYPE,
            SetDefaultOperation.TYPE,
            VerifyOperation.TYPE,

            DropColumnOperation.TYPE,
            DropIndexOperation.TYPE,
            DropConstraintOperation.TYPE,
            DropTableOperation.TYPE,
            DropNotNullOperation.TYPE,
            DropDefaultOperation.TYPE);

    private OperationRegistry() {
    }

    /** The keys written under {@code phase}, in order. */
    public static List<String> keys(Phase phase) {
        return ALL.stream().filter(t -> t.phase() == phase).map(OperationType::key).toList();
    }

    public static Optional<OperationType<?>> byKey(Phase phase, String key) {
        return ALL.stream().filter(t -> t.phase() == phase && t.key().equals(key)).findFirst();
    }

    /** The type of a step's model. */
    public static OperationType<Object> of(Object step) {
        for (OperationType<?> t : ALL) {
            if (t.model().isInstance(step)) {
                return widen(t);
            }
        }
        throw new IllegalArgumentException("no operation type for " + step.getClass().getName());
    }

    /** Reads a step of the type named {@code key}; it must exist (the parser checked the key). */
    public static Object parse(Phase phase, String key, StepFields fields) {
        return widen(byKey(phase, key).orElseThrow()).parse(fields);
    }

    public static Operation operation(Object step) {
        return of(step).operation(step);
    }

    public static Operation operation(Object step, CatalogSnapshot catalog) {
        return of(step).operation(step, catalog);
    }

    public static Optional<Backfill> backfill(Object step) {
        return of(step).backfill(step);
    }

    public static Optional<String> syncTrigger(Object step) {
        return of(step).syncTrigger(step);
    }

    public static List<Operation> contract(Object step, CatalogSnapshot catalog) {
        return of(step).contract(step, catalog);
    }

    public static Optional<GateCheck> gate(String path, Object step) {
        return of(step).gate(path, step);
    }

    public static void simulate(SimulationScope sim, String path, Object step) {
        of(step).simulate(sim, path, step);
    }

    /** Each step of the playbook (expand then contract) with its path, e.g. {@code contract[1].add_unique}. */
    public static List<PathedStep> steps(Playbook playbook) {
        List<PathedStep> steps = new java.util.ArrayList<>();
        for (int i = 0; i < playbook.expand().size(); i++) {
            ExpandStep s = playbook.expand().get(i);
            steps.add(new PathedStep(StepPath.expand(i, s.kind()), s));
        }
        for (int i = 0; i < playbook.contract().size(); i++) {
            ContractStep s = playbook.contract().get(i);
            steps.add(new PathedStep(StepPath.contract(i, s.kind()), s));
        }
        return steps;
    }

    /** A step of expand or contract and where it is. */
    public record PathedStep(StepPath path, Object step) {
    }

    /** The relations the playbook creates: its new tables and indexes, each in its table's schema. */
    public static List<TableRef> createdRelations(Playbook playbook) {
        return steps(playbook).stream().flatMap(s -> of(s.step()).createdRelations(s.step()).stream()).toList();
    }

    /** The relation names the catalog must look up: those the playbook creates, and those it drops by name. */
    public static List<TableRef> namedRelations(Playbook playbook) {
        return steps(playbook).stream().flatMap(s -> of(s.step()).namedRelations(s.step()).stream()).toList();
    }

    @SuppressWarnings("unchecked")
    private static OperationType<Object> widen(OperationType<?> type) {
        // Safe: every call passes a step that type.model() accepts (of() picks the type by it).
        return (OperationType<Object>) type;
    }
}
