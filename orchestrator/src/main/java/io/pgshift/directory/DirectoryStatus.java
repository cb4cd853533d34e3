package io.pgshift.directory;

import io.pgshift.ops.PlainJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code pgshift status DIR}: each file of a directory with its state, in file order, as text or JSON. */
public final class DirectoryStatus {
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String ROW = "%-28s %-32s %-22s %-6s %s%n";

    private DirectoryStatus() {
    }

    /** A table, then the summary line; out-of-order pending files are marked. */
    public static String text(DirectoryPlan plan) {
        Set<DirectoryEntry> early = Set.copyOf(plan.outOfOrder());
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, ROW, "playbook", "file", "state", "run", "at (UTC)"));
        for (DirectoryEntry e : plan.entries()) {
            String state = e.state().word() + (early.contains(e) ? " (out of order)" : "");
            sb.append(String.format(Locale.ROOT, ROW, e.name(), e.file().fileName(), state,
                    e.run() == null ? "-" : Long.toString(e.run().id()), e.at() == null ? "-" : AT.format(e.at())));
        }
        return sb.append(plan.summary()).append('\n').toString();
    }

    /** A JSON list of one object per file, in file order. */
    public static String json(DirectoryPlan plan) {
        Set<DirectoryEntry> early = Set.copyOf(plan.outOfOrder());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DirectoryEntry e : plan.entries()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", e.name());
            row.put("file", e.file().fileName());
            row.put("state", e.state().word());
            row.put("run_id", e.run() == null ? null : e.run().id());
            Instant at = e.at();
            row.put("at", at == null ? null : at.toString());
            row.put("checksum", e.file().playbook().checksum());
            row.put("out_of_order", early.contains(e));
            rows.add(row);
        }
        return PlainJson.write(rows);
    }
}
