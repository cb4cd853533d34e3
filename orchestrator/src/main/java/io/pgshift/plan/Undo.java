package io.pgshift.plan;

import java.util.List;

/**
 * How to undo a step, decided when it is planned, while the catalog still shows what the step
 * will change (a drop's undo recreates what it drops from the definition read then). Stored with
 * the step, so a rollback needs nothing the step has since removed.
 *
 * @param keepData statements of a rollback that keeps data ({@code pgshift rollback RUN})
 * @param dropData statements of {@code pgshift rollback RUN --drop-data}
 */
public record Undo(List<Statement> keepData, List<Statement> dropData) {
    /** Steps that have nothing to undo (the gate, a backfill's values, a retained trigger). */
    public static final Undo NONE = new Undo(List.of(), List.of());

    public Undo {
        keepData = List.copyOf(keepData);
        dropData = List.copyOf(dropData);
    }

    public List<Statement> statements(boolean dropData) {
        return dropData ? this.dropData : keepData;
    }
}
