package io.pgshift.engine;

import java.sql.SQLException;

/**
 * The driver lost its connection to the target while the state database still answered: the
 * target is out of reach (or blipped), and the reason can be recorded on the run. A lost
 * connection like any other ({@link io.pgshift.exec.RetryClassifier} says so from the SQLSTATE
 * and cause it keeps), so whoever rides out outages rides this one out too.
 */
final class TargetUnreachableException extends SQLException {
    TargetUnreachableException(SQLException lost) {
        super("target database unreachable: " + firstLine(lost.getMessage()), lost.getSQLState(), lost);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.split("\n", 2)[0];
    }
}
