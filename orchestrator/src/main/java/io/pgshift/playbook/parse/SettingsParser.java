package io.pgshift.playbook.parse;

import io.pgshift.playbook.LockRetries;
import io.pgshift.playbook.Settings;
import java.time.Duration;

/** {@code settings}: read before everything else, since its {@code schema} resolves every table name. */
final class SettingsParser {
    static final String[] KEYS = {"lock_timeout", "statement_timeout", "scan_statement_timeout", "lock_retries", "schema"};
    private static final Duration POSITIVE = Duration.ofMillis(1);
    private static final Duration MAX_LOCK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration UNBOUNDED = Duration.ofDays(365);

    private SettingsParser() {
    }

    /** {@link Settings#DEFAULT} when {@code settings} is absent. */
    static Settings parse(StrictMap m) {
        if (m == null) {
            return Settings.DEFAULT;
        }
        Settings d = Settings.DEFAULT;
        Duration lockTimeout = m.duration("lock_timeout", d.lockTimeout(), POSITIVE, MAX_LOCK_TIMEOUT);
        Duration statementTimeout = m.duration("statement_timeout", d.statementTimeout(), POSITIVE, UNBOUNDED);
        // 0 disables the bound: an index build on a huge table may legitimately take longer than any guess.
        Duration scanTimeout = m.duration("scan_statement_timeout", d.scanStatementTimeout(), Duration.ZERO, UNBOUNDED);
        LockRetries retries = lockRetries(m.optionalMap("lock_retries", "max_attempts", "initial_backoff", "max_backoff"));
        String schema = m.has("schema") ? m.requireIdentifier("schema") : d.schema();
        return new Settings(lockTimeout, statementTimeout, scanTimeout, retries, schema == null ? d.schema() : schema);
    }

    private static LockRetries lockRetries(StrictMap m) {
        if (m == null) {
            return LockRetries.DEFAULT;
        }
        LockRetries d = LockRetries.DEFAULT;
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
