package io.pgshift.run;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.playbook.TableRef;

/** Another run that has not ended holds one of the tables this run would change. */
public final class TableBusyException extends PgshiftException {
    private final TableRef table;
    private final long otherRunId;

    public TableBusyException(TableRef table, long otherRunId, String otherPlaybook, RunState otherState) {
        super(ErrorCode.RUN_CONFLICT, "table " + table.display() + " is being changed by run " + otherRunId
                + " (playbook '" + otherPlaybook + "', " + otherState + "); one run per table at a time: let run "
                + otherRunId + " finish, or cancel/roll it back first");
        this.table = table;
        this.otherRunId = otherRunId;
    }

    public TableRef table() {
        return table;
    }

    public long otherRunId() {
        return otherRunId;
    }
}
