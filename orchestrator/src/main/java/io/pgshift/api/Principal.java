package io.pgshift.api;

import io.pgshift.daemon.Role;
import java.util.Set;

/** Who is calling: the token's name (the actor in the audit log) and its roles. */
public record Principal(String name, Set<Role> roles) {
    public Principal {
        roles = Set.copyOf(roles);
    }

    /** Every role reads; operator and approver rights must be given explicitly. */
    public boolean may(Role required) {
        return required == Role.VIEWER ? !roles.isEmpty() : roles.contains(required);
    }
}
