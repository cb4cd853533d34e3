package io.pgshift.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.sync.Reliance;
import java.io.PrintWriter;
import java.util.List;

/** The sync trigger lines of complete and cleanup, alike in process and through a daemon. */
final class SyncTriggerOutput {
    private SyncTriggerOutput() {
    }

    static void print(PrintWriter out, String verb, List<Reliance> reliance) {
        reliance.forEach(r -> line(out, verb, r.trigger().name(), r.trigger().table().display(), r.describe()));
    }

    /** {@code sync_triggers} (or another array) of the API's answer: objects with trigger, table and summary. */
    static void print(PrintWriter out, String verb, JsonNode triggers) {
        triggers.forEach(t -> line(out, verb, t.path("trigger").asText(), t.path("table").asText(),
                t.path("summary").asText()));
    }

    private static void line(PrintWriter out, String verb, String trigger, String table, String summary) {
        out.println("  " + verb + " sync trigger " + trigger + " on " + table + ": " + summary);
    }
}
