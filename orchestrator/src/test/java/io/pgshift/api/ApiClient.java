package io.pgshift.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/** A small client of the daemon's API for tests: every call returns the status, headers and JSON body. */
public final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public ApiClient(String base) {
        this.base = base;
    }

    public record Reply(int status, JsonNode json, String text, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + text;
        }
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Reply get(String path, String token) {
        return send(request(path, token).GET());
    }

    public Reply post(String path, String token, String contentType, String body) {
        HttpRequest.Builder b = request(path, token).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b);
    }

    public Reply submit(String target, String token, String yaml) {
        return post("/api/v1/targets/" + target + "/runs", token, "application/yaml", yaml);
    }

    public Reply method(String method, String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpRequest built = request.build();
            HttpResponse<String> response;
            try {
                response = http.send(built, HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                // a kept-alive connection the daemon closed while idle (30 s): sent again on a new one,
                // as the CLI's client does; the daemon had read nothing of it
                if (!io.pgshift.client.DaemonClient.closedBeforeAnswer(e)) {
                    throw e;
                }
                response = http.send(built, HttpResponse.BodyHandlers.ofString());
            }
            JsonNode json = null;
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("application/json") && !response.body().isEmpty()) {
                json = ApiJson.MAPPER.readTree(response.body());
            }
            return new Reply(response.statusCode(), json, response.body(), response);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls the run until it is in {@code state}; fails with its last view after {@code seconds}. */
    public JsonNode awaitState(String target, long runId, String token, String state, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Reply last = null;
        while (System.nanoTime() < deadline) {
            last = get("/api/v1/targets/" + target + "/runs/" + runId, token);
            if (last.status() == 200 && state.equals(last.json().path("state").asText())) {
                return last.json();
            }
            if (last.status() == 200 && !state.equals("FAILED") && last.json().path("state").asText().equals("FAILED")) {
                throw new AssertionError("run " + runId + " failed: " + last.text());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + runId + " did not reach " + state + " in " + seconds + " s: " + last);
    }

    /** Polls the job a 202 answered with until it ends; returns its last view (state, result or error). */
    public JsonNode awaitJob(Reply started, String token) throws InterruptedException {
        if (started.status() != 202) {
            throw new AssertionError("not a job: " + started);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode job = started.json();
        while ("RUNNING".equals(job.path("state").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            job = get(job.path("location").asText(), token).json();
        }
        return job;
    }

    /** {@code GET .../audit/verify} of {@code target}, its job awaited: the verification's result. */
    public JsonNode verifyAudit(String target, String token) throws InterruptedException {
        JsonNode job = awaitJob(get("/api/v1/targets/" + target + "/audit/verify", token), token);
        if (!"SUCCEEDED".equals(job.path("state").asText())) {
            throw new AssertionError("audit verification did not succeed: " + job);
        }
        return job.path("result");
    }
}
