package io.pgshift.gate;

import io.pgshift.backfill.KeyColumn;
import io.pgshift.playbook.TableRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What one pass of the {@link Gate} checks, and where it starts.
 *
 * @param keys        the batch key of every table checked
 * @param resumeFrom  cursors persisted by an earlier pass, by check path (missing = start)
 * @param scanTimeout the statement timeout of a check counted in one statement (a table without a usable key)
 * @param halt        whether the run the gate serves was halted, asked while such a statement runs
 */
public record GateRequest(List<GateCheck> checks, Map<TableRef, List<KeyColumn>> keys,
                          Map<String, GateCursor> resumeFrom, Duration scanTimeout, HaltCheck halt) {
    /** A gate no run's pause or cancel stops inside a statement. */
    public GateRequest(List<GateCheck> checks, Map<TableRef, List<KeyColumn>> keys, Map<String, GateCursor> resumeFrom,
                       Duration scanTimeout) {
        this(checks, keys, resumeFrom, scanTimeout, HaltCheck.NEVER);
    }
}
