package io.pgshift.ops;

import io.pgshift.playbook.TableRef;
import java.util.List;

/**
 * A restore checked and ready, nothing touched yet: the file matched its checksum, pg_restore
 * matches the server, the tables are in the backup (and, in place, still in the target).
 *
 * @param request     what was asked
 * @param sha256      the file's verified checksum
 * @param contents    what the dump holds
 * @param tables      the tables to restore
 * @param database    where the rows go: the new database, or the target's own
 * @param serverMajor the server's major version, whose pg_restore is used
 */
public record PreparedRestore(RestoreRequest request, String sha256, DumpContents contents, List<TableRef> tables,
                              String database, int serverMajor) {
    public PreparedRestore {
        tables = List.copyOf(tables);
    }

    public RestoreMode mode() {
        return request.mode();
    }

    /** The words an operator confirms: what is replaced, and where. */
    public String summary() {
        return "replace every row of " + String.join(", ", tables.stream().map(TableRef::display).toList())
                + " in database " + database + " with the rows of " + request.file().getFileName();
    }
}
