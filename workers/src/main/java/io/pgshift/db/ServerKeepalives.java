package io.pgshift.db;

/**
 * Has the server probe a pgshift session's connection while it is silent (TCP keepalives on the
 * server's side), so that a session whose pgshift host vanished without closing its connections
 * (powered off, a kernel panic, a network cut) is noticed within about three minutes.
 *
 * <p>{@link DeadClients} ends the statement of a pgshift process that was killed: its kernel closes
 * the connection, and the server's check sees it. A host that vanishes closes nothing; the
 * server's side of the connection looks alive until its keepalives fail, and the operating
 * system's defaults (Linux: 2 h idle, then 9 probes 75 s apart) leave an orphaned index build or
 * {@code VALIDATE} holding its table's lock, and the resumed run's retry of it waiting behind that
 * lock, for over two hours. Here: probes after {@link #IDLE_S} s of silence, every
 * {@link #INTERVAL_S} s, {@link #COUNT} unanswered ones end it: a network that is gone for longer
 * than ~3 minutes ends the session's statement (a build starts over), a shorter cut does not.
 * Each value is set only where the server's is longer (its default, 0, shows the system's); a
 * shorter one chosen for the server, database or role is kept. Without effect on a Unix socket.
 */
public final class ServerKeepalives {
    static final int IDLE_S = 60;
    static final int INTERVAL_S = 15;
    static final int COUNT = 8;

    /** One value: each setting lowered to ours where the server's is longer (or 0, the system's). */
    static final String SET_SQL = "SELECT concat_ws(',', " + lower("tcp_keepalives_idle", IDLE_S) + ", "
            + lower("tcp_keepalives_interval", INTERVAL_S) + ", " + lower("tcp_keepalives_count", COUNT) + ")";

    private ServerKeepalives() {
    }

    private static String lower(String name, int value) {
        return "(SELECT set_config('" + name + "', '" + value + "', false) WHERE current_setting('" + name
                + "')::int NOT BETWEEN 1 AND " + value + ")";
    }
}
