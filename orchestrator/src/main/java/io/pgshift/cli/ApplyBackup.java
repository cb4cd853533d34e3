package io.pgshift.cli;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.ops.BackupPolicy;
import io.pgshift.ops.Backups;
import io.pgshift.ops.TargetRef;
import io.pgshift.playbook.Playbook;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;

/**
 * {@code apply --backup-dir DIR [--verify-restore]}: the backup taken before the run is even
 * created, so a failed backup leaves nothing behind (no run, no change) and exits 12.
 */
final class ApplyBackup {
    private ApplyBackup() {
    }

    /** {@code stateUrl}: where the audit log lives (the target itself, or a separate state database). */
    static void takeIfAsked(Path dir, boolean verifyRestore, DatabaseUrl url, DatabaseUrl stateUrl, Playbook playbook,
                            String actor, PrintWriter out) {
        BackupPolicy policy = BackupPolicy.of(dir, verifyRestore);
        if (!policy.required()) {
            return;
        }
        var result = new Backups(Clock.systemUTC()).takeBefore(new TargetRef(url.database(), url), playbook, policy, actor,
                stateUrl);
        out.print(result.map(r -> r.text()).orElse("no backup needed: none of the playbook's tables exists yet\n"));
        out.flush();
    }
}
