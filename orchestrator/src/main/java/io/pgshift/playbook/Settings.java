package io.pgshift.playbook;

import java.time.Duration;

/**
 * Playbook-wide safety settings.
 *
 * @param lockTimeout          every DDL statement runs under it, on every attempt
 * @param statementTimeout     bounds statements that hold strong locks (they must be quick)
 * @param scanStatementTimeout bounds statements that scan the table under a weak lock
 *                             (CREATE INDEX CONCURRENTLY, VALIDATE CONSTRAINT): they may take
 *                             minutes on big tables, and killing them halfway only wastes the work
 * @param schema               where unqualified table names are looked up
 * @param deploy               how the run meets the application's deploy: the hold before contract
 *                             and the sync triggers' quiet period
 */
public record Settings(Duration lockTimeout, Duration statementTimeout, Duration scanStatementTimeout,
                       LockRetries lockRetries, String schema, DeploySettings deploy) {
    public static final Settings DEFAULT = new Settings(Duration.ofMillis(500), Duration.ofSeconds(30),
            Duration.ofHours(6), LockRetries.DEFAULT, "public", DeploySettings.DEFAULT);
}
