package io.pgshift.ops.preflight;

import io.pgshift.playbook.Backfill;
import io.pgshift.playbook.TableRef;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every row a backfill updates gets a new row version, so the table may grow by up to its heap
 * size (plus index entries when updates are not HOT) until VACUUM reclaims the old versions.
 * PostgreSQL offers no SQL function for free disk space, so this reports the estimate (INFO)
 * and where to look, never a failure.
 */
public final class DiskHeadroomCheck implements PreflightCheck {
    private static final String SIZE_SQL = """
            SELECT c.reltuples::bigint, c.relpages::bigint, pg_relation_size(c.oid), pg_indexes_size(c.oid)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relname = ?""";

    @Override
    public String name() {
        return "disk headroom";
    }

    @Override
    public List<PreflightFinding> run(PreflightContext ctx) throws SQLException {
        Set<TableRef> tables = new LinkedHashSet<>();
        ctx.playbook().backfill().stream().map(Backfill::table).forEach(tables::add);
        if (tables.isEmpty()) {
            return List.of(new PreflightFinding(name(), CheckStatus.PASS, "no backfill: no new row versions to store"));
        }
        List<PreflightFinding> out = new ArrayList<>();
        for (TableRef t : tables) {
            long[] s = CheckQueries.one(ctx.connection(), SIZE_SQL, rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3),
                    rs.getLong(4)}, t.schema(), t.name());
            if (s == null) {
                continue;
            }
            out.add(new PreflightFinding(name(), CheckStatus.INFO, estimate(t, s[0], s[1], s[2], s[3])));
        }
        String dataDirectory = CheckQueries.one(ctx.connection(), "SELECT setting FROM pg_settings WHERE name = 'data_directory'",
                rs -> rs.getString(1));
        out.add(new PreflightFinding(name(), CheckStatus.INFO, "free space is not readable over SQL: compare with `df -h "
                + (dataDirectory == null ? "<data_directory>" : dataDirectory) + "` on the server"
                + (dataDirectory == null ? " (data_directory is hidden from this role)" : "")));
        return out;
    }

    static String estimate(TableRef t, long reltuples, long relpages, long heapBytes, long indexBytes) {
        if (reltuples <= 0) {
            return String.format(Locale.ROOT, "%s: never analysed (reltuples %d): up to its heap size %s of new row versions"
                    + " plus up to %s of index entries; run ANALYZE %s for a better estimate", t.display(), reltuples,
                    mb(heapBytes), mb(indexBytes), t.display());
        }
        long width = relpages * 8192L / reltuples;
        return String.format(Locale.ROOT, "%s: ~%d rows x %d bytes/row (relpages x 8192 / reltuples) = ~%s of new row"
                + " versions, plus up to %s of index entries if updates are not HOT; reclaimed by VACUUM afterwards",
                t.display(), reltuples, width, mb(reltuples * width), mb(indexBytes));
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
}
