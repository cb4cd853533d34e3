package io.pgshift.api;

import io.pgshift.backfill.IllegalStateTransitionException;
import io.pgshift.catalog.PlanProblem;
import io.pgshift.catalog.PlanRejectedException;
import io.pgshift.error.PgshiftException;
import io.pgshift.playbook.PlaybookInvalidException;
import io.pgshift.playbook.PlaybookProblem;
import io.pgshift.run.AlreadyApprovedException;
import io.pgshift.run.ChangedPlaybookException;
import io.pgshift.run.IllegalTransitionException;
import io.pgshift.run.RunNotFoundException;
import io.pgshift.run.TableBusyException;
import io.pgshift.sync.RelianceDetails;
import io.pgshift.sync.WritersStillRelyException;
import io.pgshift.usecase.SelfApprovalException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's task boundary: every exception a handler throws becomes one JSON error
 * {@code {"error": "<one line>", "code": "<code>", ...}} with a precise status. Only a real bug
 * is a 500, with its stack trace in the daemon's log and never in the response.
 */
final class ApiErrors {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    static ApiResponse toResponse(Throwable t, String method, String path) {
        if (t instanceof ApiException e) {
            return error(e.status(), e.code(), e.getMessage(), e.details());
        }
        if (t instanceof PlaybookInvalidException e) {
            return error(422, e.code().name(), "the playbook is invalid: " + e.problems().size() + " problem(s)",
                    Map.of("problems", e.problems().stream().map(ApiErrors::problem).toList()));
        }
        if (t instanceof PlanRejectedException e) {
            return error(422, e.code().name(), "the playbook does not fit the target database: " + e.problems().size()
                    + " problem(s)", Map.of("problems", e.problems().stream().map(ApiErrors::planProblem).toList()));
        }
        if (t instanceof ChangedPlaybookException e) {
            return error(409, e.code().name(), e.getMessage(), Map.of("run_id", e.existing().id(),
                    "run_checksum", e.existing().checksum(), "submitted_checksum", e.newChecksum()));
        }
        if (t instanceof TableBusyException e) {
            return error(409, e.code().name(), e.getMessage(), Map.of("table", e.table().display(),
                    "other_run_id", e.otherRunId()));
        }
        if (t instanceof RunNotFoundException e) {
            return error(404, "NOT_FOUND", e.getMessage(), Map.of());
        }
        if (t instanceof SelfApprovalException) {
            return error(403, "FORBIDDEN", t.getMessage(), Map.of());
        }
        if (t instanceof AlreadyApprovedException e) {
            return error(409, e.code().name(), e.getMessage(), Map.of("approved_by", e.approvedBy()));
        }
        if (t instanceof WritersStillRelyException e) {
            return error(409, e.code().name(), e.getMessage(), Map.of("sync_triggers",
                    e.reliance().stream().map(RelianceDetails::of).toList()));
        }
        if (t instanceof IllegalTransitionException || t instanceof IllegalStateTransitionException) {
            return error(409, "RUN_CONFLICT", t.getMessage(), Map.of());
        }
        if (t instanceof PgshiftException e) {
            return error(status(e), e.code().name(), e.getMessage(), Map.of());
        }
        if (t instanceof SQLException e) {
            LOG.warn("{} {}: database error {}: {}", method, path, e.getSQLState(), e.getMessage());
            return error(503, "DATABASE", "database error" + (e.getSQLState() == null ? "" : " " + e.getSQLState())
                    + ": " + e.getMessage(), Map.of());
        }
        LOG.error("{} {} failed unexpectedly", method, path, t);
        return error(500, "INTERNAL", "internal error: " + t.getClass().getSimpleName()
                + " (the daemon's log has the details; please report it)", Map.of());
    }

    static ApiResponse error(int status, String code, String message, Map<String, Object> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", firstLine(message));
        body.put("code", code);
        body.putAll(details);
        ApiResponse response = ApiResponse.json(status, body);
        return status == 401 ? response.withHeader("WWW-Authenticate", "Bearer realm=\"pgshift\"") : response;
    }

    private static int status(PgshiftException e) {
        return switch (e.code()) {
            case USAGE -> 400;
            case PLAYBOOK_INVALID, LINT_FAILED, PLAN_REJECTED, BACKUP_UNTRUSTED -> 422;
            case RUN_CONFLICT, RUN_FAILED, RUN_PAUSED, RUN_HELD, DRIFT_FOUND, RESTORE_FAILED -> 409;
            case PREFLIGHT_FAILED -> 412;
            case DATABASE, BACKUP_FAILED -> 503;
            case AUDIT_TAMPERED, INTERNAL, PUBLISHED_TOKEN -> 500;
            case AUTH -> 401;
            case POLICY_REFUSED -> 403;
        };
    }

    static Map<String, Object> problem(PlaybookProblem p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", p.location().file());
        m.put("line", p.location().line());
        m.put("column", p.location().column());
        m.put("path", p.path());
        m.put("message", p.message());
        return m;
    }

    private static Map<String, Object> planProblem(PlanProblem p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", p.path());
        m.put("message", p.message());
        m.put("hint", p.hint());
        if (p instanceof PlanProblem.DropBlockedByDependents d) {
            m.put("dependents", d.dependents());
        }
        return m;
    }

    static String firstLine(String message) {
        return message == null ? "" : message.split("\n", 2)[0];
    }

}
