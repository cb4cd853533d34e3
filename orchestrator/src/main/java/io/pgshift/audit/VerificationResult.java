package io.pgshift.audit;

/**
 * The outcome of {@link AuditVerifier#verify}.
 *
 * @param checkedRows rows read (up to and including the first bad one)
 * @param firstBadId  the first row whose hash or link is wrong, or null when ok
 * @param reason      what is wrong with it, or null when ok
 * @param headHash    the hash of the last row checked: write it down somewhere else; if rows at
 *                    the end of the log are deleted, the chain alone cannot tell, the recorded
 *                    head can
 */
public record VerificationResult(boolean ok, long checkedRows, Long firstBadId, String reason, String headHash) {
    static VerificationResult valid(long checkedRows, String headHash) {
        return new VerificationResult(true, checkedRows, null, null, headHash);
    }

    static VerificationResult broken(long checkedRows, long badId, String reason, String headHash) {
        return new VerificationResult(false, checkedRows, badId, reason, headHash);
    }
}
