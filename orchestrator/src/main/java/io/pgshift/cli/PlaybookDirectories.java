package io.pgshift.cli;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.directory.DirectoryPlan;
import io.pgshift.directory.PlaybookDirectory;
import io.pgshift.directory.PlaybookFile;
import io.pgshift.run.RunStore;
import io.pgshift.run.StepStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Reads a directory of playbooks and the state of each against pgshift's runs, for apply DIR and
 * status DIR; with the state apart, a succeeded run's landmarks are read in the target too ({@link TargetLosses}).
 */
final class PlaybookDirectories {
    private PlaybookDirectories() {
    }

    /**
     * For apply DIR: every file is loaded (parsed, linted by {@code loader}) before the state
     * database is read, which is created where pgshift has not run yet.
     */
    static DirectoryPlan plan(Path dir, PlaybookDirectory.Loader loader, DatabaseUrl target, DatabaseUrl stateUrl)
            throws SQLException {
        List<PlaybookFile> files = PlaybookDirectory.read(dir, loader);
        try (Connection c = StateAccess.create(stateUrl);
             TargetLosses losses = TargetLosses.of(target, stateUrl, c)) {
            return DirectoryPlan.read(c, new RunStore(new StepStore()), dir, files, losses);
        }
    }

    /**
     * For status DIR, which only reads: where pgshift has not run, every file is pending and nothing
     * is created. Without a target (only the state database given) no loss can be told.
     */
    static DirectoryPlan status(Path dir, PlaybookDirectory.Loader loader, Optional<DatabaseUrl> target,
            DatabaseUrl stateUrl) throws SQLException {
        List<PlaybookFile> files = PlaybookDirectory.read(dir, loader);
        Optional<Connection> state = StateAccess.openIfRan(stateUrl);
        if (state.isEmpty()) {
            return DirectoryPlan.allPending(dir, files);
        }
        // without a target, taken as living with the state: nothing is told lost
        try (Connection c = state.get();
             TargetLosses losses = TargetLosses.of(target.orElse(stateUrl), stateUrl, c)) {
            return DirectoryPlan.read(c, new RunStore(new StepStore()), dir, files, losses);
        }
    }
}
