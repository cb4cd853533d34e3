package io.pgshift.ops;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.playbook.TableRef;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restore done: which file (and its checksum) went where, how, and the rows each table holds now.
 *
 * @param notes what could not come along (foreign keys or triggers needing objects outside the backup)
 */
public record RestoreResult(PreparedRestore restore, Map<String, Long> rows, List<String> notes) {
    public RestoreResult {
        rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
        notes = List.copyOf(notes);
    }

    /** What the audit row records. */
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("target", restore.request().target().name());
        d.put("path", restore.request().file().toString());
        d.put("sha256", restore.sha256());
        d.put("mode", restore.mode().name());
        d.put("database", restore.database());
        d.put("tables", restore.tables().stream().map(TableRef::display).toList());
        d.put("rows", rows);
        d.put("notes", notes);
        return d;
    }

    public String text() {
        RestoreRequest request = restore.request();
        String tables = String.join(",", restore.tables().stream().map(TableRef::display).toList());
        StringBuilder sb = new StringBuilder();
        if (restore.mode() == RestoreMode.NEW_DATABASE) {
            sb.append("restored ").append(request.file()).append(" into the new database ").append(restore.database()).append('\n');
        } else {
            sb.append("restored ").append(request.file()).append(" in place into database ").append(restore.database())
                    .append(": ").append(tables).append(" hold the backup's rows again\n");
        }
        sb.append("  sha256 ").append(restore.sha256()).append(" (matches ").append(request.file().getFileName())
                .append(".sha256)\n");
        rows.forEach((t, n) -> sb.append("  ").append(t).append(": ").append(n).append(" rows\n"));
        notes.forEach(n -> sb.append("  note: ").append(n).append('\n'));
        if (restore.mode() == RestoreMode.NEW_DATABASE) {
            DatabaseUrl live = request.target().url();
            String from = live.database();
            sb.append("compare it with the live tables:\n");
            sb.append("  pgshift schema diff --from ").append(from).append('=').append(DatabaseUrl.redact(live.jdbcUrl()))
                    .append(" --to ").append(restore.database()).append('=')
                    .append(DatabaseUrl.redact(live.withDatabase(restore.database()).jdbcUrl())).append(" --tables ")
                    .append(tables).append('\n');
            sb.append("copy rows back from it yourself (postgres_fdw, COPY), or put the whole tables back, replacing"
                    + " every row written since the backup:\n");
            sb.append("  pgshift restore ").append(request.file()).append(" --database-url ")
                    .append(DatabaseUrl.redact(live.jdbcUrl())).append(" --in-place --tables ").append(tables).append('\n');
            sb.append("drop it when done: DROP DATABASE ").append(restore.database()).append(";\n");
        }
        return sb.toString();
    }
}
