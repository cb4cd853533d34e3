package io.pgshift.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.engine.RunRollback;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pgshift rollback RUN --server}: the daemon rolls the run back on its target; its answer
 * comes back as the engine's own result, so both modes print one report.
 */
public final class RemoteRollback {
    private RemoteRollback() {
    }

    public static RunRollback.Result rollback(ServerOptions server, long runId, boolean dropData) {
        JsonNode answer = server.client().rollback(server.target(), runId, dropData);
        return new RunRollback.Result(RunJson.run(answer), texts(answer.path("undone")), texts(answer.path("not_undone")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }
}
