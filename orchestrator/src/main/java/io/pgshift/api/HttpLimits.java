package io.pgshift.api;

import java.time.Duration;

/**
 * The bounds of the HTTP server, so that no number of clients, slow or fast, can make it hold an
 * unbounded number of threads, queued requests or idle connections.
 *
 * @param serverThreads  the HTTP server's own threads (accepting, parsing, health checks)
 * @param serverQueue    tasks the server may queue for them before refusing connections
 * @param apiThreads     threads running API requests (which may wait on a database)
 * @param apiQueue       API requests waiting for one of them; beyond it a request is answered 503
 * @param idleTimeout    a connection that sends or takes nothing for this long, mid-request or not, is closed
 * @param headerTimeout  a connection must deliver a complete request header within this of opening
 *                       (TLS handshake included) or of its previous answer, else it is closed: a
 *                       client that trickles half a request cannot hold a connection open
 */
public record HttpLimits(int serverThreads, int serverQueue, int apiThreads, int apiQueue, Duration idleTimeout,
                         Duration headerTimeout) {
    public static final HttpLimits DEFAULT = new HttpLimits(16, 256, 16, 64, Duration.ofSeconds(30),
            Duration.ofSeconds(10));

    public HttpLimits {
        // Jetty needs threads of its own for accepting and selecting besides those that handle requests
        if (serverThreads < 8 || apiThreads < 1 || serverQueue < 1 || apiQueue < 1) {
            throw new IllegalArgumentException("at least 8 server threads and 1 API thread, and queues of 1");
        }
    }
}
