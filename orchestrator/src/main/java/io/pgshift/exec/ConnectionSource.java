package io.pgshift.exec;

import java.sql.Connection;
import java.sql.SQLException;

/** Where an executor gets its connection from, and a new one after the old one died. */
@FunctionalInterface
public interface ConnectionSource {
    /** A new connection; the caller owns it and closes it. */
    Connection open() throws SQLException;
}
