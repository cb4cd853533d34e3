package io.pgshift.error;

/**
 * Base of pgshift's typed failures. The message's first line is what the operator sees first:
 * it says what is wrong and how to fix it.
 */
public class PgshiftException extends RuntimeException {
    private final ErrorCode code;

    public PgshiftException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public PgshiftException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
