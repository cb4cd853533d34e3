package io.pgshift.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.apply.BackfillLines;
import io.pgshift.apply.ProgressLine;
import io.pgshift.apply.RunReport;
import io.pgshift.run.RunState;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code pgshift status [RUN] --server}: what {@code status} prints, read from the daemon. */
public final class RemoteStatus {
    private RemoteStatus() {
    }

    public static int print(ServerOptions server, Long runId, PrintWriter out) {
        DaemonClient daemon = server.client();
        String target = server.target();
        if (runId == null) {
            String open = Arrays.stream(RunState.values()).filter(s -> !s.isTerminal()).map(Enum::name)
                    .collect(Collectors.joining(","));
            JsonNode runs = daemon.runs(target, open, 100, 0).path("runs");
            if (runs.isEmpty()) {
                out.println("no runs in progress (pgshift history lists past runs)");
            }
            for (JsonNode run : runs) {
                out.println(String.format(Locale.ROOT, "run %d  %s  %s", run.path("id").asLong(),
                        run.path("playbook").asText(), ProgressLine.render(RunJson.progress(run))));
            }
        } else {
            JsonNode run = daemon.run(target, runId);
            out.println(ProgressLine.render(RunJson.progress(run)));
            out.print(RunReport.render(RunJson.run(run), RunJson.steps(run), RunJson.syncTriggers(run)));
            JsonNode backfills = run.path("backfills");
            if (!backfills.isEmpty()) {
                partitions(out, backfills.get(backfills.size() - 1));
            }
        }
        out.flush();
        return 0;
    }

    /** The daemon's own JSON: {@code {"runs": [...]}} of the runs not ended, or the one run. */
    public static int printJson(ServerOptions server, Long runId, PrintWriter out) {
        DaemonClient daemon = server.client();
        String target = server.target();
        JsonNode body;
        if (runId == null) {
            String open = Arrays.stream(RunState.values()).filter(s -> !s.isTerminal()).map(Enum::name)
                    .collect(Collectors.joining(","));
            body = io.pgshift.api.ApiJson.MAPPER.createObjectNode().set("runs", daemon.runs(target, open, 100, 0).path("runs"));
        } else {
            body = daemon.run(target, runId);
        }
        out.println(body.toPrettyString());
        out.flush();
        return 0;
    }

    private static void partitions(PrintWriter out, JsonNode b) {
        out.println(BackfillLines.backfill(b.path("id").asLong(), b.path("state").asText(),
                b.path("rows_written").asLong(), b.path("rows_scanned").asLong()));
        for (JsonNode p : b.path("partitions")) {
            out.println(BackfillLines.partition(p.path("partition").asInt(), p.path("state").asText(),
                    p.path("rows_scanned").asLong(), RunJson.text(p, "paused_reason")));
        }
    }
}
