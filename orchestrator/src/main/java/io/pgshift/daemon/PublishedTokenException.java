package io.pgshift.daemon;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;

/**
 * A token of the config is one pgshift's examples published ({@link ExampleTokens}): a config
 * error of its own exit code (16), so that an install that copied an example's tokens is told
 * apart from a typo, and a supervisor does not restart into it.
 */
public final class PublishedTokenException extends PgshiftException {
    public PublishedTokenException(String message) {
        super(ErrorCode.PUBLISHED_TOKEN, message);
    }
}
