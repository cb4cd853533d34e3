package io.pgshift.cli;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import picocli.CommandLine.Option;

/** {@code --database-url}, falling back to {@code PGSHIFT_DATABASE_URL}; JDBC or postgresql:// form. */
final class DatabaseOptions {
    static final String ENV = "PGSHIFT_DATABASE_URL";

    @Option(names = "--database-url", paramLabel = "URL",
            description = "target database: jdbc:postgresql://host:port/db?user=u or postgresql://user@host:port/db"
                    + " (default: $" + ENV + ")")
    String url;

    DatabaseUrl resolve() {
        String text = url != null ? url : System.getenv(ENV);
        if (text == null || text.isBlank()) {
            throw new PgshiftException(ErrorCode.USAGE,
                    "no database given: pass --database-url URL or set " + ENV);
        }
        try {
            return DatabaseUrl.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PgshiftException(ErrorCode.USAGE, e.getMessage());
        }
    }
}
