package io.pgshift.api;

/** Serves one resource or action. Exceptions are mapped to JSON errors by {@link ApiErrors}, at the router. */
@FunctionalInterface
public interface Handler {
    ApiResponse handle(ApiRequest request) throws Exception;
}
