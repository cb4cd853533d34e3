package io.pgshift.ops;

/**
 * Turns what the operator typed ({@code staging}, {@code staging=URL}, or a URL) into a target.
 * The default understands pairs and URLs only; the daemon's config plugs in lookup by name.
 */
@FunctionalInterface
public interface TargetResolver {
    /** Pairs ({@code NAME=URL}) and plain URLs; a bare name is a usage error naming the expected form. */
    TargetResolver PAIRS = TargetRef::parse;

    /** @throws io.pgshift.error.PgshiftException USAGE when the text names no known target */
    TargetRef resolve(String nameOrPair);
}
