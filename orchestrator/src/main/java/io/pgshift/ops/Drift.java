package io.pgshift.ops;

/** One way targets disagree about a playbook, said in words an operator acts on. */
public record Drift(String playbook, Kind kind, String reason) {
    public enum Kind {
        /** Applied in some targets, not (or not yet, or not fully) in others. */
        NOT_APPLIED_EVERYWHERE,
        /** Applied in several targets with different content under the same name. */
        CHECKSUM_DIFFERS
    }
}
