package io.pgshift.daemon;

import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do on the daemon's API. Any role may read (runs, progress, audit); the
 * others add what they name.
 */
public enum Role {
    /** Reads runs, steps, progress and the audit log. */
    VIEWER,
    /** Submits playbooks and controls runs (pause, resume, cancel, rollback, backfill knobs). */
    OPERATOR,
    /** Approves runs that wait for approval, never their own. */
    APPROVER;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * A role as the config and {@code pgshift token new} write it, case and spaces aside.
     *
     * @throws IllegalArgumentException naming the roles there are
     */
    public static Role parse(String name) {
        String normalised = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return fromConfig(normalised).orElseThrow(() -> new IllegalArgumentException("unknown role '" + name
                + "'; roles are viewer, operator, approver"));
    }

    public static Optional<Role> fromConfig(String name) {
        for (Role role : values()) {
            if (role.configName().equals(name)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
