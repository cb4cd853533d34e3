package io.pgshift.db;

import java.util.Objects;
import java.util.Set;

/**
 * A PostgreSQL connection address, accepted in JDBC form ({@code jdbc:postgresql://host/db?user=u})
 * or libpq URI form ({@code postgresql://user:pass@host:port/db}), normalised to JDBC.
 *
 * <p>The password, when present, is kept apart from the JDBC URL so that {@link #toString()}
 * and every log line can show the address without leaking it. It may also come from a
 * {@link PasswordFile}, read again at every login.
 */
public final class DatabaseUrl {
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final PasswordFile passwordFile;

    private DatabaseUrl(String jdbcUrl, String user, String password) {
        this(jdbcUrl, user, password, null);
    }

    private DatabaseUrl(String jdbcUrl, String user, String password, PasswordFile passwordFile) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.passwordFile = passwordFile;
    }

    /** Parses either form; throws {@link IllegalArgumentException} with a one-line reason. */
    public static DatabaseUrl parse(String text) {
        Objects.requireNonNull(text, "database url");
        String trimmed = text.trim();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(trimmed, null, null);
        }
        if (trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://")) {
            return fromUri(trimmed);
        }
        throw new IllegalArgumentException("database url must start with jdbc:postgresql:// or postgresql://, got '"
                + redact(trimmed) + "'");
    }

    private static DatabaseUrl fromUri(String text) {
        LibpqUri.Parsed parsed = LibpqUri.parse(text);
        return new DatabaseUrl(parsed.jdbcUrl(), parsed.user(), parsed.password());
    }

    /** The values of libpq's {@code target_session_attrs} a libpq address may carry. */
    public static Set<String> libpqSessionAttributes() {
        return LibpqUri.SESSION_ATTRS.keySet();
    }

    /** Hides a password written inline so the address can be quoted in an error message. */
    public static String redact(String text) {
        return text.replaceAll("(://[^:/@]+:)[^@]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** User from the URI form, or null when the JDBC URL carries it (or the driver default applies). */
    public String user() {
        return user;
    }

    /** The password to log in with now: the file's content when it comes from a {@link PasswordFile}. */
    public String password() {
        return passwordFile != null ? passwordFile.current() : password;
    }

    /**
     * The same address with credentials given apart from it (a config file's {@code user} and a
     * password read from the environment or a file); a null argument keeps the current value.
     */
    public DatabaseUrl withCredentials(String user, String password) {
        return new DatabaseUrl(jdbcUrl, user == null ? this.user : user, password == null ? this.password : password,
                password == null ? passwordFile : null);
    }

    /**
     * The same address whose password is read from {@code file} at every login, in place of a
     * libpq URI's {@code user:password@}; a JDBC URL's {@code password=} parameter would still win
     * at the driver (a daemon's config refuses the two together).
     */
    public DatabaseUrl withPasswordFile(PasswordFile file) {
        return new DatabaseUrl(jdbcUrl, user, null, file);
    }

    /** The same server, another database: used to create and drop scratch databases. */
    public DatabaseUrl withDatabase(String database) {
        String rest = jdbcUrl.substring("jdbc:postgresql://".length());
        int query = rest.indexOf('?');
        String params = query < 0 ? "" : rest.substring(query);
        return new DatabaseUrl("jdbc:postgresql://" + hosts() + "/" + database + params, user, password, passwordFile);
    }

    /** The servers of the address as written, {@code host:port[,host:port...]}: what a message names. */
    public String hosts() {
        return jdbcUrl.substring("jdbc:postgresql://".length()).split("[/?]", 2)[0];
    }

    /** The database name of the address. */
    public String database() {
        String rest = jdbcUrl.substring("jdbc:postgresql://".length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            return "postgres";
        }
        int query = rest.indexOf('?');
        return query < 0 ? rest.substring(slash + 1) : rest.substring(slash + 1, query);
    }

    @Override
    public String toString() {
        return redact(jdbcUrl) + (user == null ? "" : " (user " + user + ")");
    }
}
