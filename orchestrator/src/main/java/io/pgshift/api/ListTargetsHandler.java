package io.pgshift.api;

import io.pgshift.daemon.Role;
import io.pgshift.daemon.TargetNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/targets}: the targets the caller's token may act on, in the config's order,
 * with the token's name and roles: what the dashboard offers to choose from.
 */
final class ListTargetsHandler implements Handler {
    private final Targets targets;

    ListTargetsHandler(Targets targets) {
        this.targets = targets;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        Principal principal = request.principal();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("targets", targets.visibleTo(request).stream().map(TargetNode::name).toList());
        body.put("token", principal.name());
        body.put("roles", principal.roles().stream().sorted().map(Role::configName).toList());
        body.put("all_targets", principal.targets().isAll());
        return ApiResponse.ok(body);
    }
}
