package io.pgshift.audit;

import java.time.Instant;

/**
 * The fields of one audit row that its hash covers, with the details as the jsonb text PostgreSQL
 * stores (what the appender and the verifier both start from).
 *
 * @param prevHash     the previous row's hash, or null on the first row of the chain
 * @param runId        the run it concerns, or null
 * @param detailsJsonb the details as {@code details::text}
 */
record HashedRow(String prevHash, long id, Instant at, String actor, String action, Long runId,
                 String detailsJsonb) {
}
