package io.pgshift.api;

import io.pgshift.daemon.TargetNode;
import io.pgshift.run.RunFilter;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/runs?target=&state=&playbook=&limit=&offset=}: runs of every target the
 * token may act on (or one), newest first, each with its progress. {@code state} takes several states separated by commas.
 */
final class ListRunsHandler implements Handler {
    private final Targets targets;

    ListRunsHandler(Targets targets) {
        this.targets = targets;
    }

    private record Listed(String target, RunRecord run) {
    }

    @Override
    public ApiResponse handle(ApiRequest request) throws Exception {
        int limit = request.queryInt("limit", 50, 1, 500);
        int offset = request.queryInt("offset", 0, 0, Integer.MAX_VALUE - 500);
        RunFilter filter = new RunFilter(states(request.query("state")), request.query("playbook"));
        // a token limited to some targets lists theirs only; naming another is 403
        List<TargetNode> chosen = request.query("target") == null ? targets.visibleTo(request)
                : List.of(targets.get(request, request.query("target")));
        // each target's newest (offset + limit) runs, merged: enough for the requested page
        List<Listed> listed = new ArrayList<>();
        for (TargetNode target : chosen) {
            try (Connection c = target.connectReadOnly("list")) {
                for (RunRecord run : target.context().runs().list(c, filter, offset + limit, 0)) {
                    listed.add(new Listed(target.name(), run));
                }
            }
        }
        listed.sort(Comparator.comparing((Listed l) -> l.run().createdAt()).reversed()
                .thenComparing(l -> l.target()));
        List<Listed> page = listed.stream().skip(offset).limit(limit).toList();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Listed l : page) {
            TargetNode target = targets.get(request, l.target());
            try (Connection c = target.connectReadOnly("list")) {
                runs.add(RunViews.run(c, target.context().steps(), l.target(), l.run()));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runs", runs);
        body.put("limit", limit);
        body.put("offset", offset);
        return ApiResponse.ok(body);
    }

    private static Set<RunState> states(String text) {
        Set<RunState> states = EnumSet.noneOf(RunState.class);
        if (text == null) {
            return states;
        }
        for (String name : text.split(",")) {
            try {
                states.add(RunState.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("unknown run state '" + name.trim() + "'; states are "
                        + java.util.Arrays.toString(RunState.values()));
            }
        }
        return states;
    }
}
