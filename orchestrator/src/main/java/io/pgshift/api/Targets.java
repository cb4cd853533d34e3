package io.pgshift.api;

import io.pgshift.daemon.TargetNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The daemon's targets by name, as the API's {@code {target}} path parameter names them. */
public final class Targets {
    private final Map<String, TargetNode> byName;

    public Targets(Collection<TargetNode> nodes) {
        Map<String, TargetNode> map = new LinkedHashMap<>();
        nodes.forEach(n -> map.put(n.name(), n));
        this.byName = map;
    }

    /** @throws ApiException 404 for a target this daemon does not serve */
    public TargetNode get(String name) {
        TargetNode node = byName.get(name);
        if (node == null) {
            throw ApiException.notFound("unknown target '" + name + "'; this daemon serves: "
                    + String.join(", ", byName.keySet()));
        }
        return node;
    }

    public Collection<TargetNode> all() {
        return new ArrayList<>(byName.values());
    }
}
