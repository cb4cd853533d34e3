package io.pgshift.ops;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named database: {@code staging}, {@code production}. The URL's password never shows:
 * {@link #toString()} prints the name and the redacted address.
 */
public record TargetRef(String name, DatabaseUrl url) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,62}");

    public TargetRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
    }

    /**
     * Parses {@code NAME=URL}, or a bare URL (named after its database). A URL is recognised by
     * its scheme first, because JDBC URLs carry {@code =} in their parameters.
     *
     * @throws PgshiftException USAGE, with what was expected
     */
    public static TargetRef parse(String text) {
        String t = text == null ? "" : text.trim();
        if (isUrl(t)) {
            DatabaseUrl url = url(t);
            return new TargetRef(url.database(), url);
        }
        int eq = t.indexOf('=');
        if (eq < 0) {
            throw new PgshiftException(ErrorCode.USAGE, "unknown target '" + t + "': give it as NAME=URL, e.g. "
                    + "staging=jdbc:postgresql://host:5432/app?user=u (named targets come from the daemon's config)");
        }
        String name = t.substring(0, eq);
        if (!NAME.matcher(name).matches()) {
            throw new PgshiftException(ErrorCode.USAGE, "bad target name '" + DatabaseUrl.redact(name)
                    + "': use letters, digits, '_', '.', '-', starting with a letter");
        }
        return new TargetRef(name, url(t.substring(eq + 1)));
    }

    static boolean isUrl(String text) {
        return text.startsWith("jdbc:postgresql:") || text.startsWith("postgresql://") || text.startsWith("postgres://");
    }

    private static DatabaseUrl url(String text) {
        try {
            return DatabaseUrl.parse(text);
        } catch (IllegalArgumentException e) {
            throw new PgshiftException(ErrorCode.USAGE, e.getMessage());
        }
    }

    @Override
    public String toString() {
        return name + " (" + url + ")";
    }
}
