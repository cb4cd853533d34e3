package io.pgshift.client;

import io.pgshift.run.RunRecord;

/** {@code pgshift pause|resume|cancel|approve RUN --server}: the request made to the daemon, the run as it answers. */
public final class RemoteRunControl {
    private RemoteRunControl() {
    }

    public static RunRecord act(ServerOptions server, long runId, DaemonClient.RunAction action) {
        DaemonClient daemon = server.client();
        return RunJson.run(daemon.act(server.target(), runId, action));
    }
}
