package io.pgshift.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.engine.RollbackStoppedException;
import io.pgshift.engine.RunRollback;
import io.pgshift.run.RunRecord;
import io.pgshift.run.RunState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pgshift rollback RUN --server}: the daemon's driver rolls the run back on its target while
 * this waits, reading the run; its report comes back as the engine's own result, so both modes
 * print one report. Interrupting the wait leaves the rollback going on the daemon.
 */
public final class RemoteRollback {
    private RemoteRollback() {
    }

    private static final Duration POLL = Duration.ofMillis(500);

    public static RunRollback.Result rollback(ServerOptions server, long runId, boolean dropData)
            throws InterruptedException {
        JsonNode answer = server.client().rollback(server.target(), runId, dropData);
        while (RunState.ROLLING_BACK.name().equals(answer.path("state").asText())) {
            Thread.sleep(POLL.toMillis());
            answer = server.client().run(server.target(), runId);
        }
        RunRecord run = RunJson.run(answer);
        if (run.state() != RunState.ROLLED_BACK) {
            throw new RollbackStoppedException(runId, run.state(), run.error());
        }
        return new RunRollback.Result(run, texts(answer.path("undone")), texts(answer.path("not_undone")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }
}
