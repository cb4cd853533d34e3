package io.pgshift.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One HTTP request as handlers see it: path and query parameters, the caller, the body. */
public final class ApiRequest {
    /** Playbooks and knob changes are small; anything larger is refused before it is read in full. */
    static final int MAX_BODY_BYTES = 1 << 20;

    private final String method;
    private final String path;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;
    private final String contentType;
    private final InputStream body;
    private final Principal principal;

    /** The HTTP request line: the method and the target, its query still encoded (null when there is none). */
    record RequestLine(String method, String path, String rawQuery) {
    }

    ApiRequest(RequestLine line, Map<String, String> pathParams, String contentType, InputStream body,
               Principal principal) {
        this.method = line.method();
        this.path = line.path();
        this.pathParams = Map.copyOf(pathParams);
        this.query = parseQuery(line.rawQuery());
        this.contentType = contentType;
        this.body = body;
        this.principal = principal;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** The caller; null only on routes open to anyone. */
    public Principal principal() {
        return principal;
    }

    /** The token name: who the audit log records. */
    public String actor() {
        return principal.name();
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** A numeric path parameter such as a run id: 404 when it cannot name anything. */
    public long idParam(String name) {
        String value = pathParams.get(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("there is no run '" + value + "': run ids are numbers");
        }
    }

    public String query(String name) {
        String value = query.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    public int queryInt(String name, int fallback, int min, int max) {
        String value = query(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below, with the allowed range
        }
        throw ApiException.badRequest("query parameter '" + name + "' must be an integer from " + min + " to " + max);
    }

    public Long queryLong(String name) {
        String value = query(name);
        try {
            return value == null ? null : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be an integer");
        }
    }

    public Instant queryInstant(String name) {
        String value = query(name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("query parameter '" + name + "' must be an ISO-8601 instant such as"
                    + " 2025-01-31T22:00:00Z");
        }
    }

    /** The body as text, after checking its media type is one of {@code accepted} (415 otherwise). */
    public String text(List<String> accepted) throws IOException {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!accepted.contains(type)) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be one of " + accepted
                    + (type.isEmpty() ? " (none was sent)" : ", not " + type));
        }
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** A JSON object body; an empty body is an empty object. */
    public JsonNode jsonObject() throws IOException {
        byte[] bytes = bytes();
        if (bytes.length == 0) {
            return Mappers.JSON.createObjectNode();
        }
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json")) {
            throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json"
                    + (type.isEmpty() ? " (none was sent)" : ", not " + type));
        }
        try {
            JsonNode node = Mappers.WHOLE_DOCUMENT.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("malformed JSON body: " + e.getOriginalMessage().split("\n", 2)[0]);
        }
    }

    private byte[] bytes() throws IOException {
        byte[] read = body.readNBytes(MAX_BODY_BYTES + 1);
        if (read.length > MAX_BODY_BYTES) {
            throw new ApiException(413, "PAYLOAD_TOO_LARGE", "the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        return read;
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            try {
                params.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("malformed query string");
            }
        }
        return params;
    }
}
