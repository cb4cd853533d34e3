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
 * @param unkeyedRows rows with a plain SHA-256 hash before the first keyed row (written before the
 *                    audit key existed), when verified with a key; 0 otherwise
 * @param firstKeyedId the first keyed row when {@code unkeyedRows > 0}: those rows are "unkeyed,
 *                    prior to" it, and protected only through its link to them
 */
public record VerificationResult(boolean ok, long checkedRows, Long firstBadId, String reason, String headHash,
                                 int anchors, long unkeyedRows, Long firstKeyedId) {
    static VerificationResult valid(long checkedRows, String headHash, int anchors, long unkeyedRows, Long firstKeyedId) {
        return new VerificationResult(true, checkedRows, null, null, headHash, anchors, unkeyedRows, firstKeyedId);
    }

    static VerificationResult broken(long checkedRows, long badId, String reason, String headHash) {
        return new VerificationResult(false, checkedRows, badId, reason, headHash, 0, 0, null);
    }

    /** A verification that could not be made (an anchor file missing): never ok, no row to blame. */
    public static VerificationResult unverifiable(String reason) {
        return new VerificationResult(false, 0, null, reason, null, 0, 0, null);
    }

    /**
     * {@code {"ok", "checked_rows", "first_bad_id", "reason", "head_hash", "anchors_checked",
     * "unkeyed_rows", "first_keyed_id"}}: the API's verify result and {@code audit verify --output json}.
     */
    public java.util.Map<String, Object> values() {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("ok", ok);
        body.put("checked_rows", checkedRows);
        body.put("first_bad_id", firstBadId);
        body.put("reason", reason);
        body.put("head_hash", headHash);
        body.put("anchors_checked", anchors);
        body.put("unkeyed_rows", unkeyedRows);
        body.put("first_keyed_id", firstKeyedId);
        return body;
    }

    /** {@code 12 rows unkeyed, prior to 13}, or empty when every row is keyed or no key was given. */
    public String unkeyedNote() {
        return unkeyedRows == 0 ? "" : unkeyedRows + " rows unkeyed, prior to " + firstKeyedId;
    }
}
