package io.pgshift.api;

/**
 * Where a request is served. API requests may wait on a database for seconds, so they run on a
 * bounded pool of their own; health checks answer from memory on the server's threads, which API
 * work never holds, so a saturated API cannot make an orchestrator's liveness probe fail.
 */
public enum Lane {
    /** Health checks: answered at once on the HTTP server's own threads. */
    HEALTH,
    /** Everything else: queued on the API workers, refused with 503 when their queue is full. */
    API
}
