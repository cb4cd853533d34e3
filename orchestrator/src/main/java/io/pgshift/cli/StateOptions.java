package io.pgshift.cli;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import picocli.CommandLine.Option;

/**
 * {@code --state-database-url} (or {@code PGSHIFT_STATE_DATABASE_URL}): where runs, steps, the audit
 * log and the Quartz store live, when not in the target database itself. The target always keeps
 * the backfill checkpoints, which commit in the same transaction as their batch.
 */
final class StateOptions {
    static final String ENV = "PGSHIFT_STATE_DATABASE_URL";

    @Option(names = "--state-database-url", paramLabel = "URL",
            description = "separate database for pgshift's runs, audit log and scheduler (default: $" + ENV
                    + ", else the target database)")
    String url;

    /** The state database: this option, its environment variable, else the target database. */
    DatabaseUrl resolve(DatabaseOptions target) {
        String text = url != null ? url : System.getenv(ENV);
        if (text == null || text.isBlank()) {
            return target.resolve();
        }
        try {
            return DatabaseUrl.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PgshiftException(ErrorCode.USAGE, "--state-database-url: " + e.getMessage());
        }
    }

    /** Whether the state lives apart from the target. */
    boolean separate() {
        return url != null || System.getenv(ENV) != null && !System.getenv(ENV).isBlank();
    }
}
