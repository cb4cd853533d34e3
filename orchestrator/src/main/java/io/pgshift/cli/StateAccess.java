package io.pgshift.cli;

import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.run.StateSchema;
import java.sql.Connection;
import java.sql.SQLException;

/** Opens the database holding pgshift's state for the run commands, with the schema up to date. */
final class StateAccess {
    private StateAccess() {
    }

    static Connection open(DatabaseUrl url) {
        try {
            Connection c = Connections.open(url);
            StateSchema.migrate(c);
            return c;
        } catch (SQLException e) {
            throw new PgshiftException(ErrorCode.DATABASE, "cannot open pgshift's state in " + url + ": "
                    + e.getMessage().split("\n", 2)[0], e);
        }
    }
}
