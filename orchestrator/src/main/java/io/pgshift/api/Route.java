package io.pgshift.api;

import io.pgshift.daemon.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A method and path template ({@code /api/v1/targets/{target}/runs/{id}}; each {@code {name}}
 * matches one path segment), the role it needs (null: no authentication, for health checks), its
 * handler and the {@link Lane} it is served on.
 */
public final class Route {
    private static final Pattern PARAMETER = Pattern.compile("\\{([a-z_]+)}");
    /** The path parameter naming the target a request acts on. */
    static final String TARGET = "target";

    private final String method;
    private final String template;
    private final Role role;
    private final Handler handler;
    private final Lane lane;
    private final Pattern pattern;
    private final List<String> names = new ArrayList<>();

    private Route(String method, String template, Role role, Handler handler, Lane lane) {
        this.method = method;
        this.template = template;
        this.role = role;
        this.lane = lane;
        Matcher m = PARAMETER.matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        this.pattern = Pattern.compile(regex.toString());
        this.handler = role != null && names.contains(TARGET) ? scoped(handler) : handler;
    }

    /**
     * Every authenticated route on a path's {@code {target}} is refused (403) to a token limited
     * to other targets, before its handler runs: no handler can forget it. Targets named in a
     * query are checked where they are resolved ({@link Targets#get(ApiRequest, String)}).
     */
    private static Handler scoped(Handler handler) {
        return request -> {
            request.principal().requireTarget(request.pathParam(TARGET));
            return handler.handle(request);
        };
    }

    public static Route of(String method, String template, Role role, Handler handler) {
        return new Route(method, template, role, handler, Lane.API);
    }

    /**
     * An open health check served on the health lane: its handler must answer from memory at
     * once (it runs on a server thread that other requests also need).
     */
    public static Route health(String template, Handler handler) {
        return new Route("GET", template, null, handler, Lane.HEALTH);
    }

    /** The path parameters when {@code path} matches the template. */
    public Optional<Map<String, String>> match(String path) {
        Matcher m = pattern.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            params.put(names.get(i), m.group(i + 1));
        }
        return Optional.of(params);
    }

    public String method() {
        return method;
    }

    public String template() {
        return template;
    }

    /** The role a caller needs, or null for an endpoint open to anyone. */
    public Role role() {
        return role;
    }

    public Handler handler() {
        return handler;
    }

    public Lane lane() {
        return lane;
    }
}
