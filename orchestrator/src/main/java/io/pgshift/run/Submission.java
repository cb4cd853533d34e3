package io.pgshift.run;

/** What submitting a playbook did: the run it maps to, and whether it is new. */
public record Submission(RunRecord run, Outcome outcome) {
    public enum Outcome {
        /** No live run had this name: a new run was created, PENDING. */
        CREATED,
        /** The same playbook already has an unfinished run: continue that one. */
        RESUMED,
        /** The same playbook already succeeded: nothing to do. */
        ALREADY_APPLIED,
        /**
         * The same playbook succeeded, but its target has lost steps of it since (a failover to a
         * standby that had not received them, the state living apart): they run again.
         */
        REOPENED
    }
}
