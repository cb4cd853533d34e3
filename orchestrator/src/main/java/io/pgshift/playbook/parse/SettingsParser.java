package io.pgshift.playbook.parse;

import io.pgshift.playbook.DeploySettings;
import io.pgshift.playbook.LockRetries;
import io.pgshift.playbook.Settings;
import java.time.Duration;

/** {@code settings}: read before everything else, since its {@code schema} resolves every table name. */
final class SettingsParser {
    static final String[] KEYS = {"lock_timeout", "statement_timeout", "scan_statement_timeout", "lock_retries", "schema",
            "hold_before_contract", "sync_quiet_period"};
    private static final Duration POSITIVE = Duration.ofMillis(1);
    private static final Duration MAX_LOCK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration UNBOUNDED = Duration.ofDays(365);
    // Shorter than a second is no evidence: the trigger's counter is sampled every few seconds.
    private static final Duration MIN_QUIET_PERIOD = Duration.ofSeconds(1);

    private SettingsParser() {
    }

    /** {@code d} (the defaults) when {@code settings} is absent; each key left out takes its default. */
    static Settings parse(StrictMap m, Settings d) {
        if (m == null) {
            return d;
        }
        Duration lockTimeout = m.duration("lock_timeout", d.lockTimeout(), POSITIVE, MAX_LOCK_TIMEOUT);
        Duration statementTimeout = m.duration("statement_timeout", d.statementTimeout(), POSITIVE, UNBOUNDED);
        // 0 disables the bound: an index build on a huge table may legitimately take longer than any guess.
        Duration scanTimeout = m.duration("scan_statement_timeout", d.scanStatementTimeout(), Duration.ZERO, UNBOUNDED);
        LockRetries retries = lockRetries(m.optionalMap("lock_retries", "max_attempts", "initial_backoff", "max_backoff"),
                d.lockRetries());
        String schema = m.has("schema") ? m.requireIdentifier("schema") : d.schema();
        DeploySettings deploy = new DeploySettings(m.bool("hold_before_contract", d.deploy().holdBeforeContract()),
                m.duration("sync_quiet_period", d.deploy().syncQuietPeriod(), MIN_QUIET_PERIOD, UNBOUNDED));
        return new Settings(lockTimeout, statementTimeout, scanTimeout, retries, schema == null ? d.schema() : schema,
                deploy);
    }

    private static LockRetries lockRetries(StrictMap m, LockRetries d) {
        if (m == null) {
            return d;
        }
        int attempts = m.integer("max_attempts", d.maxAttempts(), 1, 1000);
        Duration initial = m.duration("initial_backoff", d.initialBackoff(), POSITIVE, UNBOUNDED);
        Duration max = m.duration("max_backoff", d.maxBackoff(), POSITIVE, UNBOUNDED);
        if (max.compareTo(initial) < 0) {
            m.problem("max_backoff", "max_backoff ("
                    + Durations.format(max) + ") must be at least initial_backoff (" + Durations.format(initial) + ")");
        }
        return new LockRetries(attempts, initial, max);
    }
}
