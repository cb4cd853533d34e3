package io.pgshift.audit;

import java.util.List;

/**
 * Told about every row {@link AuditLog} appends, after the insert: metrics and hooks listen here.
 *
 * <p>An observer runs on the appender's thread, possibly while the appender's transaction still
 * holds the chain's advisory lock, so it must return quickly and must never append to the audit
 * log itself on that thread (it would wait for the lock its own caller holds). Hand slow work to
 * another thread.
 *
 * <p>When the append joined a caller's transaction that later rolls back, an observer has seen
 * an entry that was never committed. That is acceptable for metrics and notifications; the audit
 * log itself stays the truth.
 *
 * <p>{@link AuditLog} catches what an observer throws (logs and counts it): an observer can never
 * fail an append.
 */
@FunctionalInterface
public interface AuditObserver {
    AuditObserver NONE = r -> { };

    void appended(AuditRecord record);

    /** Tells each of {@code observers} in order; one that throws does not keep the others from hearing. */
    static AuditObserver all(List<AuditObserver> observers) {
        List<AuditObserver> copy = List.copyOf(observers);
        return new AuditObservers(copy);
    }
}
