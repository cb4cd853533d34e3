package io.pgshift.ops;

import io.pgshift.run.RunState;

/** A playbook's newest run in one target. */
public record PlaybookStatus(String playbook, Presence presence, RunState state, String checksum, long runId) {
    public String shortChecksum() {
        return checksum.substring(0, Math.min(12, checksum.length()));
    }
}
