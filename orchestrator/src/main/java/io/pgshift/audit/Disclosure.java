package io.pgshift.audit;

/**
 * How much of the target's data and of other sessions' activity goes into what pgshift keeps or
 * sends: the audit log is permanent and readable by every viewer token, and hooks forward it to
 * chat rooms and pagers. The operator watching a run still sees everything (the CLI's error, the
 * run's own error and gate report); this governs audit rows and hook payloads only.
 *
 * <p>Redacted: gate samples that are duplicated or unconvertible <em>values</em> (an e-mail, a
 * name) are replaced by {@code <redacted: N values>}; sample <em>keys</em> (primary-key values of
 * counted rows) are kept, as they identify rows without saying what is in them and are what a
 * person needs to find them; the query texts of other sessions (a lock holder's last query from
 * pg_stat_activity) are replaced by {@code <redacted>}.
 */
public enum Disclosure {
    /** The default. */
    REDACTED,
    /** A target's {@code policy.audit_samples: true}, or {@code apply --audit-samples}. */
    FULL;

    public static final String QUERY = "<redacted>";

    /** {@code <redacted: 3 values>}. */
    public static String values(int count) {
        return "<redacted: " + count + (count == 1 ? " value>" : " values>");
    }

    public boolean redacts() {
        return this == REDACTED;
    }
}
