package io.pgshift.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.pgshift.daemon.Role;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches each request to the route matching its method and path, after authenticating the
 * caller and checking its role. Unknown path: 404; known path, other method: 405 with
 * {@code Allow}. Every failure ends here as a JSON error ({@link ApiErrors}).
 */
final class Router implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final List<Route> routes;
    private final Authenticator authenticator;

    Router(List<Route> routes, Authenticator authenticator) {
        this.routes = List.copyOf(routes);
        this.authenticator = authenticator;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        ApiResponse response;
        try {
            response = dispatch(exchange, method, path);
        } catch (Exception e) {
            response = ApiErrors.toResponse(e, method, path);
        }
        send(exchange, response, method, path);
    }

    private ApiResponse dispatch(HttpExchange exchange, String method, String path) throws Exception {
        List<Route> onPath = routes.stream().filter(r -> r.match(path).isPresent()).toList();
        if (onPath.isEmpty()) {
            throw ApiException.notFound("no such endpoint: " + method + " " + path + " (see docs/API.md)");
        }
        Optional<Route> route = onPath.stream().filter(r -> r.method().equals(method)).findFirst();
        if (route.isEmpty()) {
            String allow = onPath.stream().map(Route::method).distinct().collect(Collectors.joining(", "));
            return ApiErrors.error(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + path + "; allowed: "
                    + allow, Map.of()).withHeader("Allow", allow);
        }
        Principal principal = authorize(route.get(), exchange.getRequestHeaders().getFirst("Authorization"));
        ApiRequest request = new ApiRequest(method, path, route.get().match(path).orElseThrow(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestBody(), principal);
        return route.get().handler().handle(request);
    }

    private Principal authorize(Route route, String authorization) {
        Role required = route.role();
        if (required == null) {
            return null;
        }
        Principal principal = authenticator.authenticate(authorization);
        if (!principal.may(required)) {
            throw ApiException.forbidden("token '" + principal.name() + "' lacks the role " + required.configName()
                    + " that " + route.method() + " " + route.template() + " needs");
        }
        return principal;
    }

    private static void send(HttpExchange exchange, ApiResponse response, String method, String path)
            throws IOException {
        try (exchange) {
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getResponseHeaders().add("Content-Type", response.contentType());
            long length = response.isStreamed() ? 0 : response.body() == null ? -1 : response.body().length;
            exchange.sendResponseHeaders(response.status(), length == 0 && !response.isStreamed() ? -1 : length);
            OutputStream out = exchange.getResponseBody();
            try {
                response.writeBody(out);
            } catch (Exception e) {
                // the status is sent already: all that is left is to cut the stream and log why
                LOG.error("{} {}: writing the response failed midway", method, path, e);
            }
        }
    }
}
