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

/** Reads a directory of playbooks and the state of each against pgshift's runs, for apply DIR and status DIR. */
final class PlaybookDirectories {
    private PlaybookDirectories() {
    }

    /** Every file is loaded (parsed, linted by {@code loader}) before the state database is read. */
    static DirectoryPlan plan(Path dir, PlaybookDirectory.Loader loader, DatabaseUrl stateUrl) throws SQLException {
        List<PlaybookFile> files = PlaybookDirectory.read(dir, loader);
        try (Connection c = StateAccess.create(stateUrl)) {
            return DirectoryPlan.read(c, new RunStore(new StepStore()), dir, files);
        }
    }
}
