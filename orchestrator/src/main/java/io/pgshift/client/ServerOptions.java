package io.pgshift.client;

import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.tls.TrustedCertificates;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Option;

/**
 * {@code --server URL --token TOKEN --target NAME}: talk to a pgshift daemon instead of the
 * database. {@code PGSHIFT_SERVER} and {@code PGSHIFT_TOKEN} stand in for the first two. The token
 * is never printed or logged (prefer the variable: a command line is visible to {@code ps}).
 */
public final class ServerOptions {
    public static final String SERVER_ENV = "PGSHIFT_SERVER";
    public static final String TOKEN_ENV = "PGSHIFT_TOKEN";
    public static final String CACERT_ENV = "PGSHIFT_CACERT";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Submissions plan against the target's catalog before answering; allow for a slow database. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    @Option(names = "--server", paramLabel = "URL",
            description = "a pgshift daemon to ask instead of the database, e.g. http://127.0.0.1:8080 (default: $" + SERVER_ENV + ")")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "the daemon's bearer token (default: $" + TOKEN_ENV + "; prefer it: command lines are visible)")
    String token;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "with an https --server: the PEM certificate(s) to trust, a private CA or the daemon's own"
                    + " (default: $" + CACERT_ENV + ", else the JVM's trusted authorities)")
    Path cacert;

    /** The one meaning of {@code --target}, in every command's help. */
    public static final String TARGET_DESCRIPTION = "the target this command acts on, by name: a target of the daemon's"
            + " config (with --server, or --config FILE), or NAME=URL inline (e.g. staging=jdbc:postgresql://host/app?user=u)";

    @Option(names = "--target", paramLabel = "NAME[=URL]", description = TARGET_DESCRIPTION)
    String target;

    /**
     * Whether this command talks to a daemon: {@code --server} given, or {@code PGSHIFT_SERVER}
     * set and no {@code --database-url} given.
     *
     * @param databaseUrl the command's {@code --database-url}, or null
     */
    public boolean given(String databaseUrl) {
        if (server != null && databaseUrl != null) {
            throw new PgshiftException(ErrorCode.USAGE, "give either --server or --database-url, not both");
        }
        boolean inline = inlineTarget() != null;
        if (server != null && inline) {
            throw new PgshiftException(ErrorCode.USAGE, "--target NAME=URL reaches the database directly, --server asks a"
                    + " daemon, which knows its targets by name: give --target NAME with --server, or drop --server");
        }
        if (server != null) {
            return true;
        }
        // an inline NAME=URL is a database of its own: it wins over a daemon set in the environment
        return databaseUrl == null && !inline && !blank(System.getenv(SERVER_ENV));
    }

    /**
     * {@code --target} when this command reaches the database itself: {@code NAME=URL}, or a NAME
     * the command looks up in the daemon's config ({@code --config}); null when not given.
     */
    public String localTarget() {
        return target;
    }

    /** {@code --target NAME=URL}, the target given inline (its database used directly), or null. */
    String inlineTarget() {
        return target != null && target.contains("=") ? target : null;
    }

    /**
     * Refuses an option that only the in-process command can honour, rather than dropping it
     * silently: one line naming the option and why the daemon cannot, exit 2.
     */
    public static PgshiftException notWithServer(String option, String why) {
        return new PgshiftException(ErrorCode.USAGE, option + " is not available with --server (or " + SERVER_ENV
                + "): " + why);
    }

    /** The daemon's target (by name), which {@code --server} needs. */
    public String target() {
        if (blank(target)) {
            throw new PgshiftException(ErrorCode.USAGE, "--target NAME is needed with a daemon (--server or "
                    + SERVER_ENV + "): the daemon serves several targets");
        }
        return target;
    }

    public DaemonClient client() {
        String url = server != null ? server : System.getenv(SERVER_ENV);
        if (blank(url)) {
            throw new PgshiftException(ErrorCode.USAGE, "no daemon given: pass --server URL or set " + SERVER_ENV);
        }
        String bearer = token != null ? token : System.getenv(TOKEN_ENV);
        if (blank(bearer)) {
            throw new PgshiftException(ErrorCode.USAGE, "no token given: set " + TOKEN_ENV + " (or pass --token)");
        }
        URI uri = uri(url.strip());
        return new DaemonClient(uri, bearer.strip(), CONNECT_TIMEOUT, REQUEST_TIMEOUT, trust(uri));
    }

    /**
     * The certificates {@code --cacert} (or {@code PGSHIFT_CACERT}) names, or null for the JVM's
     * default trust store. The variable is ignored for a plain http daemon, the option refused.
     */
    private SSLContext trust(URI uri) {
        boolean https = "https".equals(uri.getScheme());
        if (cacert != null && !https) {
            throw new PgshiftException(ErrorCode.USAGE, "--cacert is for an https:// --server; " + uri + " is plain http");
        }
        if (cacert != null) {
            return TrustedCertificates.sslContext(cacert);
        }
        String fromEnv = System.getenv(CACERT_ENV);
        return https && !blank(fromEnv) ? TrustedCertificates.sslContext(Path.of(fromEnv.strip())) : null;
    }

    private static URI uri(String url) {
        try {
            URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getQuery() != null || uri.getRawUserInfo() != null) {
                throw new java.net.URISyntaxException(url, "expected http://host:port or https://host:port");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new PgshiftException(ErrorCode.USAGE, "--server must be the daemon's address, such as"
                    + " http://127.0.0.1:8080, got '" + url + "'");
        }
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
