package io.pgshift.engine;

import io.pgshift.planner.DryRun;
import io.pgshift.playbook.Playbook;
import io.pgshift.playbook.parse.PlaybookParser;
import io.pgshift.run.RunNotFoundException;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunStore;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Loads a run for driving: the stored YAML is parsed again and planned against the live catalog,
 * so a resumed run sees what its earlier attempt already did (those steps plan as present and
 * their guards skip them). The plan's step ordinals match the stored steps because the playbook
 * text is the same (same checksum).
 */
final class RunLoader {
    private final RunStore runs;

    RunLoader(RunStore runs) {
        this.runs = runs;
    }

    /** {@code c}: the state database (the run and its YAML); {@code target}: the catalog to plan against. */
    LoadedRun load(Connection c, Connection target, long runId) throws SQLException {
        RunRecord run = runs.find(c, runId).orElseThrow(() -> new RunNotFoundException(runId));
        String yaml = runs.playbookYaml(c, runId).orElseThrow(() -> new RunNotFoundException(runId));
        // with the defaults the run was created under, so it is the playbook that was submitted, linted and approved
        Playbook playbook = new PlaybookParser(run.policy().defaults())
                .parse("run-" + runId + "/" + run.playbookName() + ".yaml", yaml);
        // the standard wiring, as usecase.PlanPlaybook plans a submission (the engine cannot call the use cases)
        return new LoadedRun(run, playbook, DryRun.standard().plan(playbook, target));
    }
}
