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
 */
public record GateRequest(List<GateCheck> checks, Map<TableRef, List<KeyColumn>> keys,
                          Map<String, GateCursor> resumeFrom, Duration scanTimeout) {
}
