package io.pgshift.backfill;

import java.time.Instant;
import java.util.Optional;

/**
 * Time in which work may run. A window is a set of minutes: whether it is open is decided per
 * minute, and work started inside it finishes its current unit (a batch, a DDL step) even if it
 * closes meanwhile.
 */
public interface Window {
    boolean isOpen(Instant t);

    /**
     * The first instant after {@code t} at which the window is open, or empty if it never opens
     * again (within {@link AllWindows#HORIZON} for combined windows).
     */
    Optional<Instant> nextOpening(Instant t);

    /** What the window is, for people: e.g. {@code 0 * 22-23 ? * * (UTC)}. */
    String describe();
}
