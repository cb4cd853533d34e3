package io.pgshift.ops.preflight;

import java.time.Duration;

/**
 * What the operator expects of the target.
 *
 * @param expectDatabase    the database name the target must have, or null (not checked: WARN)
 * @param expectMarker      a table ({@code name} or {@code schema.name}) only the right target has, or null
 * @param maxTransactionAge transactions older than this that hold locks on the tables are reported
 */
public record PreflightOptions(String expectDatabase, String expectMarker, Duration maxTransactionAge) {
    public static final Duration DEFAULT_MAX_TRANSACTION_AGE = Duration.ofSeconds(60);
}
