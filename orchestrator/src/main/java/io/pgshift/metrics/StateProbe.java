package io.pgshift.metrics;

import java.sql.Connection;
import java.sql.SQLException;

/** One periodic read of pgshift's state tables that updates gauges; run by {@link StatePoller}. */
interface StateProbe {
    void read(Connection c) throws SQLException;
}
