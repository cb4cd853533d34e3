package io.pgshift.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditFilter;
import io.pgshift.audit.AuditQuery;
import io.pgshift.audit.AuditRecord;
import io.pgshift.audit.AuditVerifier;
import io.pgshift.audit.VerificationResult;
import io.pgshift.client.RemoteAudit;
import io.pgshift.client.ServerOptions;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pgshift audit}: review the audit log; {@code pgshift audit verify}: check its hash chain. */
@Command(name = "audit", mixinStandardHelpOptions = true, subcommands = AuditCommand.Verify.class,
        description = "Review the audit log (filters: run, since, actor, action).")
final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database;

    @Mixin
    StateOptions state;

    @Mixin
    ServerOptions server;

    @Option(names = "--run", paramLabel = "RUN", description = "only this run")
    Long runId;

    @Option(names = "--since", paramLabel = "WHEN", description = "only entries after WHEN: an ISO instant (2026-11-25T10:00:00Z) or an age (30m, 2h, 7d)")
    String since;

    @Option(names = "--actor", description = "only this actor")
    String actor;

    @Option(names = "--action", description = "only this action (e.g. STATEMENT_EXECUTED, PAUSED)")
    AuditAction action;

    @Option(names = "--format", defaultValue = "table", description = "table or json (JSON lines; default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--limit", defaultValue = "1000", description = "at most this many entries (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AuditFilter filter = new AuditFilter(runId, parseSince(since), actor, action);
        if (!"json".equalsIgnoreCase(format) && !"table".equalsIgnoreCase(format)) {
            throw new PgshiftException(ErrorCode.USAGE, "--format must be table or json, got '" + format + "'");
        }
        List<AuditRecord> rows;
        if (server.given(database.url)) {
            rows = RemoteAudit.list(server, filter, limit);
        } else {
            try (Connection c = StateAccess.open(state.resolve(database))) {
                rows = new AuditQuery().list(c, filter, limit, 0);
            }
        }
        if ("json".equalsIgnoreCase(format)) {
            ObjectMapper json = new ObjectMapper();
            for (AuditRecord r : rows) {
                out.println(json.writeValueAsString(asMap(r)));
            }
        } else {
            for (AuditRecord r : rows) {
                out.println(String.format(Locale.ROOT, "%6d %s %-14s %-20s run %-4s %s", r.id(), Times.short_(r.at()),
                        r.actor(), r.action(), r.runId() == null ? "-" : r.runId(), compact(r.details())));
            }
        }
        out.flush();
        return 0;
    }

    /** Details on one line: values flattened and cut, so the table stays a table (JSON has them whole). */
    static String compact(Map<String, Object> details) {
        StringBuilder sb = new StringBuilder();
        details.forEach((k, v) -> {
            String value = String.valueOf(v).replaceAll("\\s+", " ").strip();
            sb.append(sb.length() == 0 ? "" : "  ").append(k).append('=')
                    .append(value.length() > 100 ? value.substring(0, 97) + "..." : value);
        });
        return sb.toString();
    }

    private static Map<String, Object> asMap(AuditRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("at", r.at().toString());
        m.put("actor", r.actor());
        m.put("action", r.action().name());
        m.put("run_id", r.runId());
        m.put("details", r.details());
        m.put("hash", r.hash());
        return m;
    }

    static Instant parseSince(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            var m = java.util.regex.Pattern.compile("(\\d+)([smhd])").matcher(text.trim());
            if (!m.matches()) {
                throw new PgshiftException(ErrorCode.USAGE, "--since must be an ISO instant such as 2026-11-25T10:00:00Z"
                        + " or an age such as 30m, 2h or 7d, got '" + text + "'");
            }
            long n = Long.parseLong(m.group(1));
            Duration age = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return Instant.now().minus(age);
        }
    }

    /** {@code pgshift audit verify}: exit 0 when the chain is intact, 10 naming the first bad row otherwise. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the audit log's hash chain: detects edited, inserted or deleted rows.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        StateOptions state;

        @Override
        public Integer call() throws Exception {
            try (Connection c = StateAccess.open(state.resolve(database))) {
                VerificationResult result = new AuditVerifier().verify(c);
                if (result.ok()) {
                    spec.commandLine().getOut().println("audit log intact: " + result.checkedRows() + " rows, head hash "
                            + result.headHash());
                    spec.commandLine().getOut().flush();
                    return 0;
                }
                throw new PgshiftException(ErrorCode.AUDIT_TAMPERED, "audit log tampered at row " + result.firstBadId()
                        + ": " + result.reason());
            }
        }
    }
}
