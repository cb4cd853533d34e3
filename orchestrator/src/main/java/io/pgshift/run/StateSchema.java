package io.pgshift.run;

import io.pgshift.store.Migrations;
import io.pgshift.store.SchemaMigrator;
import java.sql.Connection;
import java.sql.SQLException;

/** Brings pgshift's own schema (workers' and orchestrator's migrations) up to date, under its advisory lock. */
public final class StateSchema {
    private StateSchema() {
    }

    public static void migrate(Connection c) throws SQLException {
        SchemaMigrator.migrate(c, Migrations.with(StateMigrations.ORCHESTRATOR));
    }
}
