package io.pgshift.db;

import java.time.Duration;

/**
 * Has the server end a pgshift session's statement once the pgshift process at the other end is
 * gone ({@code client_connection_check_interval}, PostgreSQL 14 and later).
 *
 * <p>A backend reads from its client only between statements. When the process is killed
 * ({@code kill -9}, the OOM killer, a container stopped without grace, a daemon past its service
 * manager's stop timeout), the statement it was running runs on alone to its end: a gate's or a row
 * count's scan for up to the scan timeout (6 h by default), holding a snapshot that every
 * {@code CREATE INDEX CONCURRENTLY} on the database waits for and that keeps vacuum from removing
 * dead rows; an index build or a {@code VALIDATE CONSTRAINT} holding its table's SHARE UPDATE
 * EXCLUSIVE lock, which autovacuum, other DDL and the resumed run's own retry queue behind. Checked
 * every {@link #INTERVAL} while a statement runs, the server sees the closed connection and ends the
 * session; what the statement did rolls back (an interrupted index build leaves its INVALID index,
 * which the step's retry drops first). A non-zero setting of the server, database or role is kept;
 * where the server has no such setting (13) nothing is set.
 */
public final class DeadClients {
    /** A poll of the socket per running statement this often: nothing to the server, seconds to the operator. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    /** Sets the interval where it is 0 (off, the default); a server without the setting reads NULL and skips it. */
    static final String CHECK_SQL = "SELECT set_config('client_connection_check_interval', '" + INTERVAL.toMillis()
            + "', false) WHERE current_setting('client_connection_check_interval', true) = '0'";

    private DeadClients() {
    }
}
