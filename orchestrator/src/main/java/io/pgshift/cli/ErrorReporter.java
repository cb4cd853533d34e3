package io.pgshift.cli;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * The CLI's task boundary: every failure ends here as one clear line on stderr (then details),
 * and an exit code from {@link ErrorCode}. Unexpected exceptions keep their stack trace, in the
 * log only, so the operator still gets one readable line.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        var err = cmd.getErr();
        if (ex instanceof PgshiftException p) {
            String[] lines = p.getMessage().split("\n", 2);
            err.println("pgshift: " + lines[0]);
            if (lines.length > 1) {
                err.println(lines[1]);
            }
        } else if (ex instanceof SQLException s) {
            err.println("pgshift: database error" + (s.getSQLState() == null ? "" : " " + s.getSQLState()) + ": "
                    + firstLine(s.getMessage()));
        } else {
            LOG.error("unexpected failure", ex);
            err.println("pgshift: internal error: " + ex + " (please report it with the log above)");
        }
        err.flush();
        return exitCode(ex);
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof CommandLine.ParameterException) {
            return ErrorCode.USAGE.exitCode();
        }
        if (ex instanceof PgshiftException p) {
            return p.code().exitCode();
        }
        if (ex instanceof SQLException) {
            return ErrorCode.DATABASE.exitCode();
        }
        return ErrorCode.INTERNAL.exitCode();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.split("\n", 2)[0];
    }
}
