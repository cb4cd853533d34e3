package io.pgshift.ops;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.playbook.TableRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Proves a dump restorable: restores it as {@code pgshift restore} would into a new database
 * ({@link DumpRestorer}: a scratch database on the same server, always dropped WITH (FORCE)), and
 * compares every table's row count with the count taken in the dump's own snapshot.
 */
final class RestoreCheck {
    private static final String APPLICATION_NAME = "pgshift-backup-verify";
    private final PgTool tool;

    RestoreCheck(PgTool tool) {
        this.tool = tool;
    }

    void verify(DatabaseUrl source, Path dump, List<TableRef> tables, Map<String, Long> expectedRows) {
        try {
            restoreAndCount(source, dump, tables, expectedRows);
        } catch (RestoreFailedException e) {
            // a backup that cannot be proven restorable is a failed backup (exit 12), not a failed restore
            throw new BackupFailedException("restore check: " + e.getMessage(), e);
        }
    }

    private void restoreAndCount(DatabaseUrl source, Path dump, List<TableRef> tables, Map<String, Long> expectedRows) {
        String scratch = "pgshift_verify_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        DumpRestorer restorer = new DumpRestorer(tool, APPLICATION_NAME);
        // drops the scratch database itself when the restore fails
        restorer.restoreInto(source, scratch, dump, restorer.contents(source, dump));
        try {
            compareCounts(restorer.rowCounts(source.withDatabase(scratch), tables), tables, expectedRows);
        } catch (RuntimeException e) {
            // the check's failure is what the operator needs; a failed drop only rides along
            try {
                restorer.drop(source, scratch);
            } catch (RuntimeException dropFailure) {
                e.addSuppressed(dropFailure);
            }
            throw e;
        }
        restorer.drop(source, scratch);
    }

    private static void compareCounts(Map<String, Long> restored, List<TableRef> tables, Map<String, Long> expected) {
        for (TableRef t : tables) {
            long want = expected.get(t.display());
            long got = restored.get(t.display());
            if (got != want) {
                throw new BackupFailedException(String.format(Locale.ROOT,
                        "restore check failed: %s has %d rows in the backup's snapshot but %d after restoring it",
                        t.display(), want, got));
            }
        }
    }
}
