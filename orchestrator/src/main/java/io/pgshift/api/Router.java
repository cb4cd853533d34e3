package io.pgshift.api;

import io.pgshift.daemon.Role;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches each request to the route matching its method and path, after authenticating the
 * caller and checking its role. Unknown path: 404; known path, other method: 405 with
 * {@code Allow}. Every failure ends here as a JSON error ({@link ApiErrors}). Health routes are
 * served at once on the server's thread; every other route on the API workers ({@link Lane}).
 */
final class Router extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    /** The request attribute naming the authenticated caller, for the access log. */
    static final String PRINCIPAL_ATTRIBUTE = "io.pgshift.api.principal";

    private final List<Route> routes;
    private final Authenticator authenticator;
    private final Executor apiWorkers;
    private final HeaderDeadline deadline;

    Router(List<Route> routes, Authenticator authenticator, Executor apiWorkers, HeaderDeadline deadline) {
        this.routes = List.copyOf(routes);
        this.authenticator = authenticator;
        this.apiWorkers = apiWorkers;
        this.deadline = deadline;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        deadline.headerReceived(request.getConnectionMetaData().getRemoteSocketAddress());
        Callback answered = Callback.from(callback,
                () -> deadline.answered(request.getConnectionMetaData().getRemoteSocketAddress()));
        String method = request.getMethod();
        // the path as sent, undecoded: a template segment never matches an encoded '/'
        String path = request.getHttpURI().getPath();
        List<Route> onPath = routes.stream().filter(r -> r.match(path).isPresent()).toList();
        Optional<Route> route = onPath.stream().filter(r -> r.method().equals(method)).findFirst();
        Match match = new Match(method, path, onPath, route);
        if (route.isPresent() && route.get().lane() == Lane.HEALTH) {
            serve(request, response, answered, match);
            return true;
        }
        try {
            apiWorkers.execute(() -> serve(request, response, answered, match));
        } catch (RejectedExecutionException e) {
            send(response, answered, ApiErrors.error(503, "BUSY", "the daemon is serving as many API requests"
                    + " as it queues; retry shortly", Map.of()).withHeader("Retry-After", "1"), method, path);
        }
        return true;
    }

    // the HTTP task boundary: whatever a handler throws is answered as a JSON error
    private void serve(Request request, Response response, Callback callback, Match match) {
        ApiResponse answer;
        try {
            answer = dispatch(request, match);
        } catch (Exception e) {
            answer = ApiErrors.toResponse(e, match.method(), match.path());
        }
        send(response, callback, answer, match.method(), match.path());
    }

    private ApiResponse dispatch(Request request, Match match) throws Exception {
        String method = match.method();
        String path = match.path();
        List<Route> onPath = match.onPath();
        Optional<Route> route = match.route();
        if (onPath.isEmpty()) {
            throw ApiException.notFound("no such endpoint: " + method + " " + path + " (see docs/API.md)");
        }
        if (route.isEmpty()) {
            String allow = onPath.stream().map(Route::method).distinct().collect(Collectors.joining(", "));
            return ApiErrors.error(405, "METHOD_NOT_ALLOWED", method + " is not allowed on " + path + "; allowed: "
                    + allow, Map.of()).withHeader("Allow", allow);
        }
        Principal principal = authorize(request, route.get());
        ApiRequest apiRequest = new ApiRequest(new ApiRequest.RequestLine(method, path, request.getHttpURI().getQuery()),
                route.get().match(path).orElseThrow(), request.getHeaders().get(HttpHeader.CONTENT_TYPE),
                Content.Source.asInputStream(request), principal);
        return route.get().handler().handle(apiRequest);
    }

    private Principal authorize(Request request, Route route) {
        Role required = route.role();
        if (required == null) {
            return null;
        }
        Principal principal = authenticator.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        // named in the access log from here on, a refusal for want of a role included
        request.setAttribute(PRINCIPAL_ATTRIBUTE, principal.name());
        if (!principal.may(required)) {
            throw ApiException.forbidden("token '" + principal.name() + "' lacks the role " + required.configName()
                    + " that " + route.method() + " " + route.template() + " needs");
        }
        return principal;
    }

    private static void send(Response response, Callback callback, ApiResponse answer, String method, String path) {
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> response.getHeaders().add(name, value));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        if (!answer.isStreamed()) {
            byte[] body = answer.body() == null ? new byte[0] : answer.body();
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
            response.write(true, ByteBuffer.wrap(body), callback);
            return;
        }
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            answer.writeBody(out);
        } catch (Exception e) {
            // the status is sent already: all that is left is to cut the stream and log why
            LOG.error("{} {}: writing the response failed midway", method, path, e);
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    /** A request's method and path, the routes on its path and the one matching its method (if any). */
    private record Match(String method, String path, List<Route> onPath, Optional<Route> route) {
    }
}
