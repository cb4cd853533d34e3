package io.pgshift.audit;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Several observers as one; each is its own boundary, so one failing does not silence the rest. */
final class AuditObservers implements AuditObserver {
    private static final Logger LOG = LoggerFactory.getLogger(AuditObservers.class);
    private final List<AuditObserver> observers;

    AuditObservers(List<AuditObserver> observers) {
        this.observers = observers;
    }

    @Override
    public void appended(AuditRecord record) {
        RuntimeException first = null;
        for (AuditObserver observer : observers) {
            try {
                observer.appended(record);
            } catch (RuntimeException e) {
                LOG.warn("audit observer {} failed on audit row {}", observer, record.id(), e);
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first; // counted once by AuditLog's boundary
        }
    }
}
