package io.pgshift.usecase;

import io.pgshift.engine.SyncCleanup;
import io.pgshift.run.IllegalTransitionException;
import io.pgshift.sync.WritersStillRelyException;

/**
 * Drops the sync triggers a finished run kept ({@code pgshift cleanup}, {@code POST .../cleanup}),
 * once none has filled a row for its quiet period; the daemon's automatic cleanup drops quiet ones
 * through the same {@link SyncCleanup}.
 */
public final class CleanupRun {
    private final RunHost host;

    public CleanupRun(RunHost host) {
        this.host = host;
    }

    /** {@code force}: drop them even while writers still rely on one (audited as forced). */
    public record Request(long runId, String actor, boolean force) {
    }

    /**
     * @return the run, with the triggers dropped and the evidence each was dropped on
     * @throws IllegalTransitionException the run has not ended
     * @throws WritersStillRelyException  a trigger filled rows within its quiet period and the request is not forced
     */
    public SyncCleanup.Result cleanup(Request request) throws Exception {
        return new SyncCleanup(host.context()).cleanup(request.runId(), request.actor(), request.force());
    }
}
