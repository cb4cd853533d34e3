package io.pgshift.run;

import java.time.Instant;

/**
 * One run as stored (without its playbook YAML; see {@link RunStore#playbookYaml}).
 *
 * @param phase      the last working state entered, where a PAUSED or FAILED run resumes; null before the first
 * @param gateReport the gate's progress and findings, or null
 * @param rowCounts  row counts of the touched tables before/after, or null
 * @param leaseOwner the node driving the run while {@code leaseUntil} is in the future, or null
 * @param policy     what the target's policy imposed on the run when it was created
 * @param waiting    why the run is waiting in its working state (a closed window), or null
 */
public record RunRecord(long id, String playbookName, String checksum, String description, String target,
                        RunState state, RunState phase, String submittedBy, String approvedBy,
                        Instant createdAt, Instant startedAt, Instant updatedAt, Instant finishedAt,
                        String error, GateReport gateReport, RowCounts rowCounts, String leaseOwner, Instant leaseUntil,
                        RunPolicy policy, Waiting waiting) {

    /** The first 12 hex digits of the checksum, as shown to people. */
    public String shortChecksum() {
        return checksum.substring(0, Math.min(12, checksum.length()));
    }
}
