package io.pgshift.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code pgshift plan FILE --server}: the daemon's dry run, with the target's default settings
 * and on its catalog. The plan goes to standard output exactly as the daemon rendered it; lint
 * findings and the target's windows go to standard error, as the in-process command's notes do.
 */
public final class RemotePlan {
    private RemotePlan() {
    }

    public static int plan(ServerOptions server, Path file, String format, PrintWriter out, PrintWriter err) {
        JsonNode answer = server.client().plan(server.target(), RemoteSubmit.read(file), file.toString(),
                format.toLowerCase(Locale.ROOT));
        for (JsonNode finding : answer.path("findings")) {
            err.println(DaemonErrors.finding(finding, file.toString()));
        }
        JsonNode windows = answer.path("windows");
        if (windows.isObject()) {
            err.println("target " + server.target() + " runs only inside its allowed windows " + windows.path("allowed")
                    .asText() + (windows.path("open_now").asBoolean() ? ": open now"
                    : ": closed now, next opening " + (windows.path("next_opening").isTextual()
                    ? windows.path("next_opening").asText() : "never")));
        }
        err.flush();
        out.print(answer.path("plan").asText());
        out.flush();
        return 0;
    }
}
