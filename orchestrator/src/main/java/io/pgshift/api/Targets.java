package io.pgshift.api;

import io.pgshift.daemon.TargetNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's targets by name, as the API's {@code {target}} path parameter names them. A
 * request reaches a target only if its token may act on it: a path's {@code {target}} is checked
 * by {@link Route}; a target named in a query by {@link #get(ApiRequest, String)}; lists over
 * every target hold only the caller's ({@link #visibleTo(ApiRequest)}).
 */
public final class Targets {
    private final Map<String, TargetNode> byName;

    public Targets(Collection<TargetNode> nodes) {
        Map<String, TargetNode> map = new LinkedHashMap<>();
        nodes.forEach(n -> map.put(n.name(), n));
        this.byName = map;
    }

    /**
     * The target of a path's {@code {target}}, which {@link Route} has checked against the token.
     *
     * @throws ApiException 404 for a target this daemon does not serve
     */
    public TargetNode get(String name) {
        TargetNode node = byName.get(name);
        if (node == null) {
            throw ApiException.notFound("unknown target '" + name + "'; this daemon serves: "
                    + String.join(", ", byName.keySet()));
        }
        return node;
    }

    /**
     * A target named elsewhere than the path (a query's {@code target}, {@code from}, {@code to}).
     *
     * @throws ApiException 403 when the token may not act on it, 404 when the daemon does not serve it
     */
    public TargetNode get(ApiRequest request, String name) {
        request.principal().requireTarget(name);
        return get(name);
    }

    /** The targets the caller's token may act on, in the config's order. */
    public List<TargetNode> visibleTo(ApiRequest request) {
        return byName.values().stream().filter(n -> request.principal().mayActOn(n.name())).toList();
    }
}
