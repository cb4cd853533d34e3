package io.pgshift.daemon;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The targets a token may act on, reads included. A token that names no {@code targets:} keeps
 * every target (as before scopes existed); one that names some may act on those only.
 */
public final class TargetScope {
    public static final TargetScope ALL = new TargetScope(null);

    /** Null for every target; otherwise the names, in the config's order. */
    private final Set<String> names;

    private TargetScope(Set<String> names) {
        this.names = names == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }

    /** @throws IllegalArgumentException for an empty set: a token acting on nothing is a config mistake */
    public static TargetScope of(Set<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a target scope names at least one target");
        }
        return new TargetScope(names);
    }

    public boolean allows(String target) {
        return names == null || names.contains(target);
    }

    public boolean isAll() {
        return names == null;
    }

    /** The names, empty for {@link #ALL}. */
    public Set<String> names() {
        return names == null ? Set.of() : names;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TargetScope s && java.util.Objects.equals(s.names, names);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hashCode(names);
    }

    @Override
    public String toString() {
        return names == null ? "all targets" : String.join(", ", names);
    }
}
