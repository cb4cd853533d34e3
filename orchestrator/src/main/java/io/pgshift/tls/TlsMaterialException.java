package io.pgshift.tls;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;

/**
 * A certificate or key file cannot be used: missing, not PEM, the wrong kind of key, or a key that
 * does not belong to the certificate. A usage error (exit 2): the operator fixes a file or an
 * option. The message names the file, never its content.
 */
public final class TlsMaterialException extends PgshiftException {
    public TlsMaterialException(String message) {
        super(ErrorCode.USAGE, message);
    }

    public TlsMaterialException(String message, Throwable cause) {
        super(ErrorCode.USAGE, message, cause);
    }
}
