package io.pgshift.repair;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;

/** {@code pgshift repair} was refused; nothing was changed. */
public final class RepairRefusedException extends PgshiftException {
    public enum Reason {
        /** The name has no run that counts (none, or only cancelled and rolled-back ones): nothing to accept against. */
        NO_APPLIED_RUN(ErrorCode.USAGE),
        /** The run has not succeeded: its steps still follow the content it was submitted with. */
        RUN_NOT_FINISHED(ErrorCode.RUN_CONFLICT),
        /** The file's checksum is already the run's own or the one accepted for it. */
        ALREADY_MATCHES(ErrorCode.RUN_CONFLICT);

        private final ErrorCode code;

        Reason(ErrorCode code) {
            this.code = code;
        }
    }

    private final Reason reason;

    RepairRefusedException(Reason reason, String message) {
        super(reason.code, message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
