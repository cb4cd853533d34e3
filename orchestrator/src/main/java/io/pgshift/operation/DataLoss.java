package io.pgshift.operation;

import io.pgshift.catalog.CatalogSnapshot;
import io.pgshift.catalog.TableInfo;
import io.pgshift.playbook.TableRef;
import java.util.Locale;
import java.util.Optional;

/**
 * What a drop destroys, in the words its summary carries: the summary is the one line every view
 * of a step shows (plan text and JSON, the psql script, status, the dashboard, the audit log,
 * rollback's "not undone"), so no view shows the drop without its loss. Counts are pg_class
 * statistics, hence "~".
 */
final class DataLoss {
    private static final String[] UNITS = {"kB", "MB", "GB", "TB"};

    private DataLoss() {
    }

    /** {@code its data is lost: ~2,000 rows}; without a live table (or a catalog), just {@code its data is lost}. */
    static String ofColumn(Optional<TableInfo> table) {
        return "its data is lost" + table.map(t -> ": " + rows(t)).orElse("");
    }

    /** {@code its data is lost: ~2,000 rows, 1.2 MB}. */
    static String ofTable(Optional<TableInfo> table) {
        return "its data is lost" + table.map(t -> ": " + rows(t) + ", " + size(t.sizeBytes())).orElse("");
    }

    static Optional<TableInfo> live(CatalogSnapshot catalog, TableRef table) {
        return table == null ? Optional.empty() : catalog.table(table);
    }

    private static String rows(TableInfo t) {
        return t.estimatedRows() < 0 ? "row count unknown, the table was never analysed"
                : String.format(Locale.ROOT, "~%,d rows", t.estimatedRows());
    }

    /** As pg_size_pretty: bytes below 10 kB, then the largest unit that leaves at least 10 (rounded, 1024 apart). */
    static String size(long bytes) {
        if (bytes < 10 * 1024) {
            return bytes + " bytes";
        }
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 10 * 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return Math.round(value) + " " + UNITS[unit];
    }
}
