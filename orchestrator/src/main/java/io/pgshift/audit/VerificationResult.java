package io.pgshift.audit;

/**
 * The outcome of {@link AuditVerifier#verify}.
 *
 * @param checkedRows rows read (up to and including the first bad one)
 * @param firstBadId  the first row whose hash or link is wrong, or null when ok
 * @param reason      what is wrong with it, or null when ok
 * @param headHash    the hash of the last row checked: write it down somewhere else (an
 *                    {@link AuditAnchor}); if rows at the end of the log are deleted, the chain
 *                    alone cannot tell, the recorded head can
 * @param anchors     how many anchors were checked and found in the chain unchanged
 */
public record VerificationResult(boolean ok, long checkedRows, Long firstBadId, String reason, String headHash,
                                 int anchors) {
    static VerificationResult valid(long checkedRows, String headHash, int anchors) {
        return new VerificationResult(true, checkedRows, null, null, headHash, anchors);
    }

    static VerificationResult broken(long checkedRows, long badId, String reason, String headHash) {
        return new VerificationResult(false, checkedRows, badId, reason, headHash, 0);
    }
}
