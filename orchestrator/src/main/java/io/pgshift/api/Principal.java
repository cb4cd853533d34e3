package io.pgshift.api;

import io.pgshift.daemon.Role;
import io.pgshift.daemon.TargetScope;
import java.util.Set;

/** Who is calling: the token's name (the actor in the audit log), its roles and the targets it may act on. */
public record Principal(String name, Set<Role> roles, TargetScope targets) {
    public Principal {
        roles = Set.copyOf(roles);
    }

    /** Every role reads; operator and approver rights must be given explicitly. */
    public boolean may(Role required) {
        return required == Role.VIEWER ? !roles.isEmpty() : roles.contains(required);
    }

    /** Whether this token may act on {@code target} at all, reads included. */
    public boolean mayActOn(String target) {
        return targets.allows(target);
    }

    /** @throws ApiException 403 naming the targets the token is limited to */
    public void requireTarget(String target) {
        if (!mayActOn(target)) {
            throw ApiException.forbidden("token '" + name + "' may act only on the targets " + targets
                    + ", not on '" + target + "'");
        }
    }
}
