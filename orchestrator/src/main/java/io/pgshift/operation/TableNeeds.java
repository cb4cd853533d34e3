package io.pgshift.operation;

import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.Requires;
import io.pgshift.playbook.StepPath;
import io.pgshift.playbook.TableRef;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the playbook will do to each table it names, hence which privileges its role needs
 * there. Each operation type says what its steps need ({@link OperationType#needs}).
 * {@code alteredTypes}: the types it alters (ALTER TYPE needs the type's owner); they are not
 * tables, so runs neither claim nor count them.
 */
public record TableNeeds(Map<TableRef, Set<Need>> byTable, boolean buildsIndexes, boolean hasRawSql,
                         Set<TableRef> alteredTypes) {
    public enum Need {
        /** DDL (ALTER TABLE, CREATE INDEX): only the owner, a member of the owner's role, or a superuser. */
        ALTER,
        /** Backfill batches. */
        UPDATE,
        /** keep_in_sync: a trigger on the table. */
        TRIGGER,
        /** A foreign key pointing at the table. */
        REFERENCES,
        /** requires, or only named: the table is only read. */
        SELECT,
        /** The playbook creates the table: CREATE on its schema. */
        CREATE_IN_SCHEMA
    }

    public TableNeeds {
        Map<TableRef, Set<Need>> copy = new LinkedHashMap<>();
        byTable.forEach((t, n) -> copy.put(t, Collections.unmodifiableSet(EnumSet.copyOf(n))));
        byTable = Collections.unmodifiableMap(copy);
        alteredTypes = Collections.unmodifiableSet(new LinkedHashSet<>(alteredTypes));
    }

    public static TableNeeds of(Playbook playbook) {
        Builder needs = new Builder();
        playbook.requires().tables().stream().map(Requires.RequiredTable::table).forEach(t -> needs.add(t, Need.SELECT));
        for (OperationRegistry.PathedStep s : OperationRegistry.steps(playbook)) {
            if (s.path().section() == StepPath.Section.EXPAND) {
                OperationRegistry.of(s.step()).needs(s.step(), needs);
            }
        }
        for (Backfill b : playbook.backfill()) {
            needs.add(b.table(), Need.UPDATE);
            if (b.from() != null) {
                needs.add(b.from().table(), Need.SELECT);
            }
            if (b.keepInSync()) {
                needs.add(b.table(), Need.TRIGGER);
            }
        }
        for (OperationRegistry.PathedStep s : OperationRegistry.steps(playbook)) {
            if (s.path().section() == StepPath.Section.CONTRACT) {
                OperationRegistry.of(s.step()).needs(s.step(), needs);
            }
        }
        return needs.build();
    }

    /** Collects what the steps need, table by table, in the order they name them. */
    public static final class Builder {
        private final Map<TableRef, Set<Need>> byTable = new LinkedHashMap<>();
        private boolean indexes;
        private boolean rawSql;
        private final Set<TableRef> types = new LinkedHashSet<>();

        public Builder add(TableRef table, Need need) {
            if (table != null) {
                byTable.computeIfAbsent(table, t -> EnumSet.noneOf(Need.class)).add(need);
            }
            return this;
        }

        /** The step builds an index (CONCURRENTLY: it waits for older transactions). */
        public Builder buildsIndexes() {
            indexes = true;
            return this;
        }

        /** The step is raw SQL: what it needs cannot be known. */
        public Builder rawSql() {
            rawSql = true;
            return this;
        }

        /** The step alters a type ({@code ALTER TYPE}): only its owner, a member of the owner's role, or a superuser. */
        public Builder alterType(TableRef type) {
            types.add(type);
            return this;
        }

        TableNeeds build() {
            // every table named is at least read
            byTable.values().forEach(n -> n.add(Need.SELECT));
            return new TableNeeds(byTable, indexes, rawSql, types);
        }
    }
}
