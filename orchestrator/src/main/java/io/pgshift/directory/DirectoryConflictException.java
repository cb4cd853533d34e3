package io.pgshift.directory;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.run.RunState;

/** A directory cannot be applied as it is: an applied playbook was edited, or a pending one sorts too early. */
public final class DirectoryConflictException extends PgshiftException {
    private DirectoryConflictException(String message) {
        super(ErrorCode.RUN_CONFLICT, message);
    }

    static DirectoryConflictException changed(DirectoryEntry changed, int others) {
        String more = others == 0 ? "" : " (and " + others + " more changed file" + (others == 1 ? "" : "s") + ")";
        String way = changed.run().state() == RunState.SUCCEEDED
                ? "if the edit is intended, pgshift repair " + changed.name() + " --accept-checksum --reason TEXT;"
                        + " otherwise restore the file and put the change in a new playbook"
                : "restore the file, or cancel/roll back run " + changed.run().id() + " first";
        return new DirectoryConflictException(changed.file().fileName() + " changed since run " + changed.run().id()
                + " (" + changed.run().state() + ") applied playbook '" + changed.name() + "'" + more
                + "; nothing was applied: " + way);
    }

    static DirectoryConflictException outOfOrder(DirectoryEntry pending, DirectoryEntry later) {
        return new DirectoryConflictException(pending.file().fileName() + " is pending but sorts before "
                + later.file().fileName() + ", already " + later.state().word() + " (run " + later.run().id()
                + "); nothing was applied: rename it to sort after the applied files, or apply with --out-of-order");
    }
}
