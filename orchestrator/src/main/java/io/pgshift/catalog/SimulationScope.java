package io.pgshift.catalog;

import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.TableRef;
import java.util.List;
import java.util.Optional;

/**
 * What an operation type sees while the playbook is replayed over the virtual schema (its
 * {@code simulate}): the schema as earlier steps left it, the live catalog, and the ways to
 * report a problem or a step whose effect is already in place.
 */
public interface SimulationScope {
    /** The live catalog: "already present" is judged against it. */
    CatalogSnapshot catalog();

    /** The whole playbook being replayed: a step may depend on what its siblings do. */
    Playbook playbook();

    /** The schema as the steps before this one leave it: conflicts are judged against it. */
    VirtualSchema schema();

    Optional<ColumnInfo> liveColumn(TableRef table, String column);

    /** The table, or empty after reporting it unknown at {@code path}. */
    Optional<VirtualTable> requireTable(String path, TableRef ref);

    /** Whether all columns exist; reports each one that does not. */
    boolean requireColumns(String path, VirtualTable table, List<String> columns);

    /** Reports column type mismatches and a target without a unique key; assumes all columns exist. */
    void checkForeignKey(String path, VirtualTable from, List<String> columns, VirtualTable to, List<String> targets);

    /** A name the step wants already holds something else. */
    void conflict(String path, String subject, String existing, String wanted);

    /** Records the step at {@code path} as already done when {@code live} (it will be skipped). */
    void markPresentIf(String path, boolean live);

    /** Records a problem of its own kind. */
    void problem(PlanProblem problem);
}
