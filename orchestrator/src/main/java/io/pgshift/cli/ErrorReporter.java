package io.pgshift.cli;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The CLI's task boundary: every failure ends here as one clear line on stderr (then details),
 * and an exit code from {@link ErrorCode}. Unexpected exceptions keep their stack trace, in the
 * log only, so the operator still gets one readable line. With {@code --output json} the same
 * failure is one JSON object on stdout instead, where the script reading the result looks:
 * {@code {"error": {"code": "USAGE", "exit_code": 2, "message": "..."}}}, same exit code.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);
    private final IParameterExceptionHandler usage;

    /** {@code usage}: picocli's own handler (message and usage help), for the text form. */
    ErrorReporter(IParameterExceptionHandler usage) {
        this.usage = usage;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        if (!(ex instanceof SQLException || ex instanceof PgshiftException)) {
            LOG.error("unexpected failure", ex);
        }
        if (OutputOptions.json(cmd.getCommandSpec())) {
            return json(cmd.getOut(), code(ex), message(ex));
        }
        var err = cmd.getErr();
        String message = message(ex);
        err.println(Terminal.detect().red("pgshift:") + " " + (ex instanceof PgshiftException || ex instanceof SQLException ? message
                : message + " (please report it with the log above)"));
        err.flush();
        return exitCode(ex);
    }

    /** Usage errors, from parsing or thrown by a command: picocli's text, or the JSON object. */
    @Override
    public int handleParseException(ParameterException ex, String[] args) throws Exception {
        if (!wantsJson(args)) {
            return usage.handleParseException(ex, args);
        }
        return json(ex.getCommandLine().getOut(), ErrorCode.USAGE, firstLine(ex.getMessage())
                + " (see pgshift " + ex.getCommandLine().getCommandSpec().qualifiedName(" ").replaceFirst("^pgshift ?", "")
                + " --help)");
    }

    /**
     * Whether the command line asks for JSON, read from the words themselves: a usage error may
     * come before {@code --output} was parsed, or from a command that failed to parse at all.
     */
    static boolean wantsJson(String[] args) {
        List<String> words = List.of(args);
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i).toLowerCase(Locale.ROOT);
            if (w.equals("--output=json") || w.equals("--format=json")) {
                return true;
            }
            if ((w.equals("--output") || w.equals("--format")) && i + 1 < words.size()
                    && words.get(i + 1).equalsIgnoreCase("json")) {
                return true;
            }
            if (w.equals("--")) {
                return false;
            }
        }
        return false;
    }

    private static int json(PrintWriter out, ErrorCode code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("exit_code", code.exitCode());
        error.put("message", message);
        OutputOptions.print(out, Map.of("error", error));
        return code.exitCode();
    }

    /** The operator's line(s): the exception's own message for expected failures. */
    private static String message(Exception ex) {
        if (ex instanceof PgshiftException p) {
            return p.getMessage().strip();
        }
        if (ex instanceof SQLException s) {
            return "database error" + (s.getSQLState() == null ? "" : " " + s.getSQLState()) + ": " + firstLine(s.getMessage());
        }
        return "internal error: " + ex;
    }

    static int exitCode(Throwable ex) {
        return code(ex).exitCode();
    }

    private static ErrorCode code(Throwable ex) {
        if (ex instanceof CommandLine.ParameterException) {
            return ErrorCode.USAGE;
        }
        if (ex instanceof PgshiftException p) {
            return p.code();
        }
        if (ex instanceof SQLException) {
            return ErrorCode.DATABASE;
        }
        return ErrorCode.INTERNAL;
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.split("\n", 2)[0];
    }
}
