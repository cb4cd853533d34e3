package io.pgshift.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.run.RunState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunDriftTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    private static TargetRuns target(String name, PlaybookStatus... runs) {
        Map<String, PlaybookStatus> m = new java.util.LinkedHashMap<>();
        for (PlaybookStatus s : runs) {
            m.put(s.playbook(), s);
        }
        return new TargetRuns(new TargetRef(name, DatabaseUrl.parse("jdbc:postgresql://h/" + name)), m);
    }

    private static PlaybookStatus run(String playbook, RunState state, String checksum) {
        return new PlaybookStatus(playbook, Presence.of(state), state, checksum, 1);
    }

    @Test
    void sameAppliedPlaybooksEverywhereIsNoDrift() {
        var drifts = RunDrift.find(List.of(target("staging", run("p", RunState.SUCCEEDED, A)),
                target("production", run("p", RunState.SUCCEEDED, A))));
        assertEquals(List.of(), drifts);
    }

    @Test
    void appliedInProductionOnlyNamesBothTargets() {
        var drifts = RunDrift.find(List.of(target("staging"), target("production", run("p", RunState.SUCCEEDED, A))));
        assertEquals(1, drifts.size());
        assertEquals(Drift.Kind.NOT_APPLIED_EVERYWHERE, drifts.get(0).kind());
        assertEquals("applied in production but not in staging (absent)", drifts.get(0).reason());
    }

    @Test
    void failedOrRolledBackInOneTargetIsDrift() {
        var drifts = RunDrift.find(List.of(target("staging", run("p", RunState.ROLLED_BACK, A)),
                target("production", run("p", RunState.SUCCEEDED, A)), target("dev", run("p", RunState.FAILED, A))));
        assertEquals("applied in production but not in staging (absent), dev (failed)", drifts.get(0).reason());
    }

    @Test
    void runningEverywhereIsWorkInProgressNotDrift() {
        assertEquals(List.of(), RunDrift.find(List.of(target("staging", run("p", RunState.BACKFILLING, A)),
                target("production", run("p", RunState.PAUSED, A)))));
    }

    @Test
    void differentChecksumsUnderOneNameAreDrift() {
        var drifts = RunDrift.find(List.of(target("staging", run("p", RunState.SUCCEEDED, A)),
                target("production", run("p", RunState.SUCCEEDED, B))));
        assertEquals(1, drifts.size());
        assertEquals(Drift.Kind.CHECKSUM_DIFFERS, drifts.get(0).kind());
        assertTrue(drifts.get(0).reason().contains("staging aaaaaaaaaaaa vs production bbbbbbbbbbbb"), drifts.get(0).reason());
    }
}
