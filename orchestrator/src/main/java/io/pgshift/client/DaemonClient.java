package io.pgshift.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.api.ApiJson;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The daemon's HTTP API (docs/API.md) as the CLI uses it. Every answer is JSON; every refusal
 * becomes the typed {@link PgshiftException} the in-process command would have thrown (see
 * {@link DaemonErrors}). The token goes only into the Authorization header: it is in no message
 * and no {@code toString}.
 */
public final class DaemonClient {
    /** How often a job the daemon runs (an audit verification) is asked whether it ended. */
    private static final Duration JOB_POLL = Duration.ofMillis(200);
    /** How the four run requests are named in the API's paths. */
    public enum RunAction { PAUSE, RESUME, CANCEL, APPROVE }

    private final HttpClient http;
    private final URI base;
    private final String token;
    private final Duration timeout;

    public DaemonClient(URI base, String token, Duration connectTimeout, Duration timeout) {
        this(base, token, connectTimeout, timeout, null);
    }

    /** @param trust the TLS context whose certificates an {@code https} daemon must present; null: the JVM's default */
    public DaemonClient(URI base, String token, Duration connectTimeout, Duration timeout, SSLContext trust) {
        this.base = base;
        this.token = token;
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
        this.http = (trust == null ? builder : builder.sslContext(trust)).build();
    }

    /** {@code POST /api/v1/targets/{target}/runs}; {@code source} names the file in problems and findings. */
    public JsonNode submit(String target, String yaml, String source) {
        HttpRequest.Builder request = request(targetPath(target) + "/runs")
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml, StandardCharsets.UTF_8));
        return send(request, source);
    }

    /** {@code POST .../plan}: the daemon's dry run of {@code yaml} on {@code target}, rendered as {@code format}. */
    public JsonNode plan(String target, String yaml, String source, String format) {
        HttpRequest.Builder request = request(targetPath(target) + "/plan?format=" + encode(format))
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml, StandardCharsets.UTF_8));
        return send(request, source);
    }

    /** The run with its steps, backfills and partitions. */
    public JsonNode run(String target, long runId) {
        return send(request(runPath(target, runId)).GET(), null);
    }

    /**
     * One page of the runs of {@code target}, newest first; {@code states} as the API takes them
     * (comma separated), or null for every state.
     */
    public JsonNode runs(String target, String states, int limit, int offset) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("target", target);
        query.put("state", states);
        query.put("limit", String.valueOf(limit));
        query.put("offset", String.valueOf(offset));
        return send(request("/api/v1/runs" + query(query)).GET(), null);
    }

    public JsonNode act(String target, long runId, RunAction action) {
        String verb = action.name().toLowerCase(java.util.Locale.ROOT);
        return send(request(runPath(target, runId) + "/" + verb).POST(HttpRequest.BodyPublishers.noBody()), null);
    }

    /**
     * {@code POST .../runs/{id}/rollback}: the daemon asks for the rollback and answers 202 with the
     * run, ROLLING_BACK; its driver job undoes the steps (see {@link RemoteRollback}, which waits).
     */
    public JsonNode rollback(String target, long runId, boolean dropData) {
        HttpRequest.Builder request = request(runPath(target, runId) + "/rollback", null)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"drop_data\": " + dropData + "}", StandardCharsets.UTF_8));
        return send(request, null);
    }

    /**
     * {@code POST .../runs/{id}/complete} ({@code force}: even while a sync trigger still fills
     * rows): the held run goes on to contract on the daemon's cluster.
     */
    public JsonNode complete(String target, long runId, boolean force) {
        return postForce(runPath(target, runId) + "/complete", force);
    }

    /** {@code POST .../runs/{id}/cleanup}: the daemon drops the run's sync triggers (refused while relied on, unless forced). */
    public JsonNode cleanup(String target, long runId, boolean force) {
        return postForce(runPath(target, runId) + "/cleanup", force);
    }

    private JsonNode postForce(String path, boolean force) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"force\": " + force + "}", StandardCharsets.UTF_8));
        return send(request, null);
    }

    /** One page of the audit log; null values of {@code filters} are left out. */
    public JsonNode audit(String target, Map<String, String> filters) {
        return send(request(targetPath(target) + "/audit" + query(filters)).GET(), null);
    }

    /**
     * {@code GET .../audit/verify}: the chain walked by the daemon, with the anchors it keeps. A
     * job on the daemon: this polls it and returns its result.
     */
    public JsonNode verifyAudit(String target) {
        return awaitJob(send(request(targetPath(target) + "/audit/verify").GET(), null));
    }

    /**
     * Polls a job the daemon answered 202 with until it ends: its {@code result}, or its error
     * thrown as the request's own would have been.
     */
    private JsonNode awaitJob(JsonNode job) {
        while ("RUNNING".equals(job.path("state").asText())) {
            try {
                Thread.sleep(JOB_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PgshiftException(ErrorCode.INTERNAL, "interrupted while waiting for job "
                        + job.path("location").asText() + " of the daemon at " + base, e);
            }
            job = send(request(job.path("location").asText()).GET(), null);
        }
        if ("FAILED".equals(job.path("state").asText())) {
            throw DaemonErrors.toException(job.path("status").asInt(500), job.path("error").toString(), null);
        }
        return job.path("result");
    }

    @Override
    public String toString() {
        return "daemon " + base;
    }

    private static String targetPath(String target) {
        return "/api/v1/targets/" + encode(target);
    }

    private static String runPath(String target, long runId) {
        return targetPath(target) + "/runs/" + runId;
    }

    private static String query(Map<String, String> params) {
        String q = params.entrySet().stream().filter(e -> e.getValue() != null)
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        return q.isEmpty() ? "" : "?" + q;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        return request(path, timeout);
    }

    /** @param timeout how long to wait for the answer; null waits as long as the daemon works */
    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + path))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token);
        return timeout == null ? request : request.timeout(timeout);
    }

    private JsonNode send(HttpRequest.Builder request, String source) {
        HttpResponse<String> response;
        try {
            response = sendOnce(request);
        } catch (SSLHandshakeException e) {
            throw new DaemonUnreachableException("cannot reach the daemon at " + base + " over TLS: " + reason(e)
                    + "; if the daemon's certificate is its own or a private CA's, pass it with --cacert FILE", e);
        } catch (SSLException e) {
            throw new DaemonUnreachableException("cannot reach the daemon at " + base + " over TLS: " + reason(e)
                    + "; does the daemon serve https (its config has tls)? else use an http:// --server", e);
        } catch (IOException e) {
            throw new DaemonUnreachableException("cannot reach the daemon at " + base + ": " + reason(e)
                    + "; check --server (or PGSHIFT_SERVER) and that the daemon runs"
                    + ("http".equals(base.getScheme()) ? " (if it serves TLS, use https://)" : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PgshiftException(ErrorCode.INTERNAL, "interrupted while waiting for the daemon at " + base, e);
        }
        int status = response.statusCode();
        if (status >= 300) {
            throw DaemonErrors.toException(status, response.body(), source);
        }
        try {
            return ApiJson.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new PgshiftException(ErrorCode.INTERNAL, "the daemon at " + base + " answered HTTP " + status
                    + " with a body that is not JSON: is --server the pgshift daemon?", e);
        }
    }

    /**
     * Sends once, and once more on a fresh connection when a kept-alive one turns out closed
     * before any byte of an answer (the daemon closes connections idle for 30 s; this client keeps
     * them longer): the daemon had not read the request, so sending it again does not repeat it.
     */
    private HttpResponse<String> sendOnce(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpRequest built = request.build();
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            if (!closedBeforeAnswer(e)) {
                throw e;
            }
            return http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }

    /** The JDK client's words for a kept-alive connection the server had closed: no byte of an answer came. */
    public static boolean closedBeforeAnswer(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("header parser received no bytes");
    }

    /** The failure's kind and its message's first line: this becomes one line on the operator's screen. */
    private static String reason(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage().split("\n", 2)[0].strip();
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : " (" + message + ")");
    }
}
