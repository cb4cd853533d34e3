package io.pgshift.ops;

import io.pgshift.db.Connections;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.run.RunFilter;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunStore;
import io.pgshift.run.StepStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Each playbook's newest run in one target, by playbook name. */
public record TargetRuns(TargetRef target, Map<String, PlaybookStatus> playbooks) {
    private static final int MAX_RUNS = 100_000;

    public TargetRuns {
        playbooks = Collections.unmodifiableMap(new LinkedHashMap<>(playbooks));
    }

    public Optional<PlaybookStatus> status(String playbook) {
        return Optional.ofNullable(playbooks.get(playbook));
    }

    public Presence presence(String playbook) {
        return status(playbook).map(PlaybookStatus::presence).orElse(Presence.ABSENT);
    }

    /**
     * Reads the target's runs without changing it: a database pgshift never touched (no
     * {@code pgshift.run}) simply has no playbooks, and its state schema is not created.
     */
    public static TargetRuns read(TargetRef target) {
        try (Connection c = Connections.openReadOnly(target.url(), "pgshift-targets")) {
            if (!hasRunTable(c)) {
                return new TargetRuns(target, Map.of());
            }
            Map<String, PlaybookStatus> newest = new LinkedHashMap<>();
            // newest first: the first run seen of a name is its newest
            for (RunRecord r : new RunStore(new StepStore()).list(c, RunFilter.ALL, MAX_RUNS, 0)) {
                newest.putIfAbsent(r.playbookName(), new PlaybookStatus(r.playbookName(), Presence.of(r.state()),
                        r.state(), r.checksum(), r.id()));
            }
            return new TargetRuns(target, newest);
        } catch (SQLException e) {
            throw new PgshiftException(ErrorCode.DATABASE, "cannot read the runs of target " + target + ": "
                    + e.getMessage().split("\n", 2)[0], e);
        }
    }

    private static boolean hasRunTable(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT to_regclass('pgshift.run') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
