package io.pgshift.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.run.RunRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code pgshift history --server}: the runs {@code history} lists, read from the daemon page by page. */
public final class RemoteHistory {
    /** The API's largest page of runs (docs/API.md). */
    static final int PAGE = 500;

    private RemoteHistory() {
    }

    /** The newest {@code limit} runs of the target, newest first. */
    public static List<RunRecord> list(ServerOptions server, int limit) {
        return list(server.client(), server.target(), limit, PAGE);
    }

    static List<RunRecord> list(DaemonClient daemon, String target, int limit, int page) {
        List<RunRecord> runs = new ArrayList<>();
        // A run submitted between two pages pushes the last one read onto the next page: skip it.
        Set<Long> seen = new HashSet<>();
        int offset = 0;
        while (true) {
            // even --limit 0 asks once, so a wrong token or target fails as it does for any other limit
            int size = Math.max(1, Math.min(page, limit - runs.size()));
            JsonNode listed = daemon.runs(target, null, size, offset).path("runs");
            int added = 0;
            for (JsonNode run : listed) {
                if (seen.add(run.path("id").asLong())) {
                    runs.add(RunJson.run(run));
                    added++;
                }
            }
            offset += listed.size();
            // a short page is the last; a page of nothing new means paging does not advance: stop either way
            if (listed.size() < size || added == 0 || runs.size() >= limit) {
                break;
            }
        }
        // The API orders by creation time, the database's history by id: the same order unless two
        // submissions raced, and then history's order is the one to print.
        runs.sort(Comparator.comparingLong(RunRecord::id).reversed());
        return runs.subList(0, Math.min(Math.max(limit, 0), runs.size()));
    }
}
