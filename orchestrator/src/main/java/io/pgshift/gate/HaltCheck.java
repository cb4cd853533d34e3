package io.pgshift.gate;

import java.sql.SQLException;

/**
 * Whether the run a gate serves still wants it: false once an operator paused or cancelled the
 * run. Asked every second while a check's one statement runs ({@link StatementWatch}), from
 * another thread than the gate's: the gate's connection is busy with the statement.
 */
@FunctionalInterface
public interface HaltCheck {
    /** Never halted: a gate run outside a run's driver. */
    HaltCheck NEVER = () -> false;

    boolean halted() throws SQLException;
}
