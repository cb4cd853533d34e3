package io.pgshift.daemon;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;

/** The daemon's configuration file cannot be used; the message names the file and key, never a secret. */
public final class ConfigInvalidException extends PgshiftException {
    public ConfigInvalidException(String message) {
        super(ErrorCode.USAGE, message);
    }
}
