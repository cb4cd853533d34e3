package io.pgshift.ops;

import io.pgshift.playbook.TableRef;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A backup taken: the dump file and its SHA-256, the tables with their exact row counts (in the
 * dump's own snapshot) and sizes, and whether a restore into a scratch database reproduced them.
 */
public record BackupResult(TargetRef target, Path file, String sha256, long fileBytes, List<TableRef> tables,
                           Map<String, Long> rows, Map<String, Long> tableBytes, boolean restoreVerified) {
    public BackupResult {
        tables = List.copyOf(tables);
        rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
        tableBytes = Collections.unmodifiableMap(new LinkedHashMap<>(tableBytes));
    }

    /** What the audit row records. */
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("target", target.name());
        d.put("path", file.toString());
        d.put("sha256", sha256);
        d.put("file_bytes", fileBytes);
        d.put("tables", tables.stream().map(TableRef::display).toList());
        d.put("rows", rows);
        d.put("table_bytes", tableBytes);
        d.put("restore_verified", restoreVerified);
        return d;
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("backup of ").append(target.name()).append(": ").append(file).append('\n');
        sb.append("  sha256 ").append(sha256).append(", ").append(fileBytes).append(" bytes\n");
        rows.forEach((t, n) -> sb.append("  ").append(t).append(": ").append(n).append(" rows, ")
                .append(tableBytes.get(t)).append(" bytes on disk\n"));
        sb.append(restoreVerified ? "  restore verified: row counts match in a scratch database\n"
                : "  restore not verified (pass --verify-restore)\n");
        return sb.toString();
    }
}
