package io.pgshift.sync;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.util.List;

/**
 * Refused because writers still rely on a sync trigger (it filled rows within its quiet period):
 * cleanup would break their writes, complete would tighten before the deploy is done. Exit 7,
 * HTTP 409, with the numbers; {@code --force} overrides, audited.
 */
public final class WritersStillRelyException extends PgshiftException {
    private final transient List<Reliance> reliance;

    public WritersStillRelyException(String what, List<Reliance> reliance) {
        super(ErrorCode.RUN_CONFLICT, what + ": " + reliance.stream().map(r -> r.trigger().name() + ": " + r.describe())
                .reduce((a, b) -> a + "; " + b).orElse("") + ". Deploy the application version that writes the"
                + " columns and try again once the trigger is quiet, or add --force");
        this.reliance = List.copyOf(reliance);
    }

    public List<Reliance> reliance() {
        return reliance;
    }
}
