package io.pgshift.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.api.ApiJson;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.playbook.PlaybookProblem;
import io.pgshift.playbook.SourceLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the daemon's error responses ({@code {"error", "code", ...}}, docs/API.md) back into the
 * typed failures the in-process commands throw, so {@code --server} exits with the same codes:
 * the daemon's one line first, then its details (problems, findings, conflicting run) one a line.
 */
final class DaemonErrors {
    private static final Set<String> SHOWN = Set.of("error", "code", "problems", "findings");

    private DaemonErrors() {
    }

    /**
     * @param source the playbook's file name, shown in place of the daemon's own name for the
     *               submitted body; null when nothing was submitted
     */
    static PgshiftException toException(int status, String body, String source) {
        JsonNode json = parse(body);
        String code = json == null ? "" : json.path("code").asText("");
        String line = json == null || !json.path("error").isTextual()
                ? "the daemon answered HTTP " + status + (body.isBlank() ? "" : ": " + firstLine(body))
                : json.path("error").asText();
        List<String> details = json == null ? List.of() : details(json, code, source);
        String message = details.isEmpty() ? line : line + "\n" + String.join("\n", details);
        return new PgshiftException(errorCode(status, code), message);
    }

    /** The code's ErrorCode when the daemon names one, else by HTTP reason, else by status. */
    static ErrorCode errorCode(int status, String code) {
        switch (code) {
            case "BAD_REQUEST", "NOT_FOUND", "PAYLOAD_TOO_LARGE" -> {
                return ErrorCode.USAGE;
            }
            case "UNAUTHORIZED", "FORBIDDEN" -> {
                return ErrorCode.AUTH;
            }
            default -> {
                // ErrorCode names, as the daemon sends them for typed failures
            }
        }
        for (ErrorCode c : ErrorCode.values()) {
            if (c.name().equals(code)) {
                return c;
            }
        }
        return switch (status) {
            case 400, 404, 413 -> ErrorCode.USAGE;
            case 401, 403 -> ErrorCode.AUTH;
            case 409 -> ErrorCode.RUN_CONFLICT;
            case 422 -> ErrorCode.PLAYBOOK_INVALID;
            case 502, 503, 504 -> ErrorCode.DATABASE;
            // 405, 415, 500: this client and the daemon disagree, or the daemon has a bug
            default -> ErrorCode.INTERNAL;
        };
    }

    private static List<String> details(JsonNode json, String code, String source) {
        List<String> lines = new ArrayList<>();
        for (JsonNode p : json.path("problems")) {
            if (code.equals(ErrorCode.PLAYBOOK_INVALID.name())) {
                String file = source != null ? source : p.path("file").asText();
                lines.add(new PlaybookProblem(new SourceLocation(file, p.path("line").asInt(), p.path("column").asInt()),
                        p.path("path").asText(""), p.path("message").asText()).render());
            } else {
                lines.add(p.path("path").asText() + ": " + p.path("message").asText() + hint(p));
            }
        }
        for (JsonNode f : json.path("findings")) {
            lines.add(finding(f, source));
        }
        json.fields().forEachRemaining(e -> {
            if (!SHOWN.contains(e.getKey())) {
                lines.add("  " + e.getKey() + ": " + (e.getValue().isTextual() ? e.getValue().asText() : e.getValue()));
            }
        });
        return lines;
    }

    /** A lint finding as {@code Finding.render} prints it in process. */
    static String finding(JsonNode f, String source) {
        return (source == null ? "playbook.yaml" : source) + ":" + f.path("line").asInt() + ":" + f.path("column").asInt()
                + ": " + f.path("severity").asText().toLowerCase(Locale.ROOT) + " [" + f.path("rule").asText() + "] "
                + f.path("path").asText() + ": " + f.path("message").asText() + hint(f);
    }

    private static String hint(JsonNode node) {
        String hint = node.path("hint").asText("");
        return hint.isEmpty() ? "" : "\n    hint: " + hint;
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode json = ApiJson.MAPPER.readTree(body);
            return json != null && json.isObject() ? json : null;
        } catch (java.io.IOException notJson) {
            // a proxy's HTML page, or an empty body: the status alone says what happened
            return null;
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().split("\n", 2)[0];
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }
}
