package io.pgshift.api;

import java.io.OutputStream;
import java.util.Map;

/**
 * What a handler answers: a status, a content type, headers and a body, either in memory (JSON)
 * or written as a stream (exports, which may be large).
 */
public record ApiResponse(int status, String contentType, Map<String, String> headers, byte[] body, BodyWriter stream) {
    public static final String JSON = "application/json; charset=utf-8";

    /** Writes a streamed body; it cannot change the status any more once called. */
    @FunctionalInterface
    public interface BodyWriter {
        void write(OutputStream out) throws Exception;
    }

    public ApiResponse {
        headers = Map.copyOf(headers);
    }

    public static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, JSON, Map.of(), ApiJson.write(body), null);
    }

    public static ApiResponse ok(Object body) {
        return json(200, body);
    }

    public static ApiResponse streamed(String contentType, BodyWriter writer) {
        return new ApiResponse(200, contentType, Map.of(), null, writer);
    }

    public ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new java.util.LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, contentType, more, body, stream);
    }

    void writeBody(OutputStream out) throws Exception {
        if (stream != null) {
            stream.write(out);
        } else if (body != null) {
            out.write(body);
        }
    }

    boolean isStreamed() {
        return stream != null;
    }
}
