package io.pgshift.cli;

import io.pgshift.audit.AnchorFile;
import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditAnchor;
import io.pgshift.audit.AuditKey;
import io.pgshift.audit.AuditFilter;
import io.pgshift.audit.AuditHead;
import io.pgshift.audit.AuditQuery;
import io.pgshift.audit.AuditRecord;
import io.pgshift.audit.AuditVerifier;
import io.pgshift.audit.VerificationResult;
import io.pgshift.client.RemoteAudit;
import io.pgshift.client.ServerOptions;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code pgshift audit}: review the audit log; {@code pgshift audit verify}: check its hash chain. */
@Command(name = "audit", mixinStandardHelpOptions = true, subcommands = {AuditCommand.Verify.class, AuditCommand.Anchor.class},
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

    /** With --target NAME and no daemon: the config the name is looked up in. */
    @Mixin
    ConfigOptions config;

    @Option(names = "--run", paramLabel = "RUN", description = "only this run")
    Long runId;

    @Option(names = "--since", paramLabel = "WHEN", description = "only entries after WHEN: an ISO instant (2026-11-25T10:00:00Z) or an age (30m, 2h, 7d)")
    String since;

    @Option(names = "--actor", description = "only this actor")
    String actor;

    @Option(names = "--action", description = "only this action (e.g. STATEMENT_EXECUTED, PAUSED)")
    AuditAction action;

    @Mixin
    OutputOptions output;

    @Mixin
    FormatAlias formatAlias;

    @Option(names = "--limit", defaultValue = "1000", description = "at most this many entries (default: ${DEFAULT-VALUE})")
    int limit;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        AuditFilter filter = new AuditFilter(runId, parseSince(since), actor, action);
        List<AuditRecord> rows;
        if (server.given(database.url)) {
            rows = RemoteAudit.list(server, filter, limit);
        } else {
            try (Connection c = StateAccess.open(state.resolve(database))) {
                rows = new AuditQuery().list(c, filter, limit, 0);
            }
        }
        if (output.json()) {
            // the API's shape (GET .../audit), so one jq filter reads either
            OutputOptions.print(out, Map.of("entries", rows.stream().map(AuditCommand::asMap).toList()));
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
        m.put("prev_hash", r.prevHash());
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

    /**
     * {@code pgshift audit verify [--anchors FILE]}: exit 0 when the chain is intact (and every
     * anchor is still in it), 10 naming the first bad row otherwise.
     */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check the audit log's hash chain: detects edited, inserted or deleted rows; with anchors"
                    + " (heads written down earlier), also rows deleted at the end and a chain rewritten in full.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        StateOptions state;

        @Mixin
        ServerOptions server;

        /** With --target NAME and no daemon: the config the name is looked up in. */
        @Mixin
        ConfigOptions config;

        @Option(names = "--anchors", paramLabel = "FILE",
                description = "anchors to check (written by pgshift audit anchor, or by the daemon's audit_anchors);"
                        + " a missing or unreadable file is an error, never 'no anchors'")
        Path anchors;

        @Option(names = "--audit-key-file", paramLabel = "FILE",
                description = "the audit key the log was written with (default: $PGSHIFT_AUDIT_KEY_FILE); with it, rows"
                        + " rewritten by someone without the key fail")
        Path keyFile;

        @Mixin
        OutputOptions output;

        @Override
        public Integer call() throws Exception {
            VerificationResult result;
            if (server.given(database.url)) {
                if (anchors != null) {
                    throw new PgshiftException(ErrorCode.USAGE, "--anchors reads a local file and cannot be used with"
                            + " --server: the daemon checks the anchors it writes itself (audit_anchors)");
                }
                result = RemoteAudit.verify(server);
            } else {
                List<AuditAnchor> known = anchors == null ? List.of() : new AnchorFile(anchors).read();
                try (Connection c = StateAccess.open(state.resolve(database))) {
                    result = new AuditVerifier(keyFile != null ? Optional.of(AuditKey.read(keyFile))
                            : AuditKey.fromEnvironment(System.getenv())).verify(c, known);
                }
            }
            if (output.json()) {
                // the API's verify result; a broken chain still exits 10, its document says where
                OutputOptions.print(spec.commandLine().getOut(), result.values());
                return result.ok() ? 0 : ErrorCode.AUDIT_TAMPERED.exitCode();
            }
            if (result.ok()) {
                spec.commandLine().getOut().println("audit log intact: " + result.checkedRows() + " rows"
                        + (result.anchors() > 0 ? ", " + result.anchors() + " anchors hold" : "")
                        + (result.unkeyedRows() > 0 ? " (" + result.unkeyedNote() + ")" : "")
                        + ", head hash " + result.headHash());
                spec.commandLine().getOut().flush();
                return 0;
            }
            throw new PgshiftException(ErrorCode.AUDIT_TAMPERED, result.firstBadId() == null
                    ? "audit log not verified: " + result.reason()
                    : "audit log tampered at row " + result.firstBadId() + ": " + result.reason());
        }
    }

    /** {@code pgshift audit anchor FILE}: writes the chain's head down, for a later {@code verify --anchors}. */
    @Command(name = "anchor", mixinStandardHelpOptions = true,
            description = "Append the audit chain's current head to FILE (keep it off the database host; run it from"
                    + " cron). audit verify --anchors FILE then also detects rows deleted at the end of the log.")
    static final class Anchor implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Mixin
        StateOptions state;

        @picocli.CommandLine.Parameters(paramLabel = "FILE", description = "the anchor file (appended to)")
        Path file;

        @Override
        public Integer call() throws Exception {
            Optional<AuditAnchor> head;
            try (Connection c = StateAccess.create(state.resolve(database))) {
                head = AuditHead.read(c, java.time.Clock.systemUTC());
            }
            if (head.isEmpty()) {
                spec.commandLine().getOut().println("audit log empty: nothing to anchor");
            } else {
                try {
                    new AnchorFile(file).append(head.get());
                } catch (java.io.IOException e) {
                    throw new PgshiftException(ErrorCode.USAGE, "cannot write the anchor file " + file + " ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + "); give a writable path, kept off"
                            + " the database host", e);
                }
                spec.commandLine().getOut().println("anchored row " + head.get().id() + " (" + head.get().hash()
                        + ") in " + file);
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
