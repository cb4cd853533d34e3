package io.pgshift.cli;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.db.HostPort;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The target libpq's environment names ({@code PGHOST}, {@code PGPORT}, {@code PGUSER},
 * {@code PGPASSWORD}, {@code PGDATABASE}, {@code PGSSLMODE}, {@code PGTARGETSESSIONATTRS},
 * {@code PGCONNECT_TIMEOUT}), so pgshift connects where psql
 * would without a URL. libpq's defaults fill the gaps: port 5432, the OS user, a database named
 * after the user. A socket directory ({@code PGHOST=/var/run/postgresql}) becomes localhost: the
 * JDBC driver speaks TCP only. The password travels beside the address, never in it, so it
 * cannot show where the address is printed.
 */
final class LibpqEnvironment {
    static final List<String> VARIABLES = List.of("PGHOST", "PGPORT", "PGUSER", "PGPASSWORD", "PGDATABASE", "PGSSLMODE",
            "PGTARGETSESSIONATTRS", "PGCONNECT_TIMEOUT");
    private static final List<String> SSL_MODES = List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    private LibpqEnvironment() {
    }

    /**
     * The address these variables name, or empty when none of them is set.
     *
     * @throws PgshiftException USAGE for a port or sslmode libpq would refuse too
     */
    static Optional<DatabaseUrl> resolve(Map<String, String> env, String osUser) {
        if (VARIABLES.stream().allMatch(v -> blank(env.get(v)))) {
            return Optional.empty();
        }
        String user = blank(env.get("PGUSER")) ? osUser : env.get("PGUSER").strip();
        String database = blank(env.get("PGDATABASE")) ? user : env.get("PGDATABASE").strip();
        // written as a libpq address, whose parameters DatabaseUrl translates to the JDBC driver's
        StringBuilder url = new StringBuilder("postgresql://").append(hosts(env.get("PGHOST"), env.get("PGPORT")))
                .append('/').append(URLEncoder.encode(database, StandardCharsets.UTF_8));
        List<String> params = new ArrayList<>();
        parameter(env, "PGSSLMODE", SSL_MODES).ifPresent(v -> params.add("sslmode=" + v));
        parameter(env, "PGTARGETSESSIONATTRS", new TreeSet<>(DatabaseUrl.libpqSessionAttributes()))
                .ifPresent(v -> params.add("target_session_attrs=" + v));
        String timeout = env.get("PGCONNECT_TIMEOUT");
        if (!blank(timeout)) {
            if (!timeout.strip().matches("\\d{1,6}")) {
                throw new PgshiftException(ErrorCode.USAGE, "PGCONNECT_TIMEOUT must be a number of seconds, got '"
                        + timeout.strip() + "'");
            }
            params.add("connect_timeout=" + timeout.strip());
        }
        if (!params.isEmpty()) {
            url.append('?').append(String.join("&", params));
        }
        String password = blank(env.get("PGPASSWORD")) ? null : env.get("PGPASSWORD");
        return Optional.of(DatabaseUrl.parse(url.toString()).withCredentials(user, password));
    }

    /** The variable's value when set, one of {@code allowed} or a usage error naming it. */
    private static Optional<String> parameter(Map<String, String> env, String variable, Collection<String> allowed) {
        String value = env.get(variable);
        if (blank(value)) {
            return Optional.empty();
        }
        if (!allowed.contains(value.strip())) {
            throw new PgshiftException(ErrorCode.USAGE, variable + " must be one of " + String.join(", ", allowed)
                    + ", got '" + value.strip() + "'");
        }
        return Optional.of(value.strip());
    }

    /** {@code host:port[,host:port...]}: libpq's lists pair up, or one port serves every host. */
    private static String hosts(String hostText, String portText) {
        String[] hosts = blank(hostText) ? new String[] {""} : hostText.strip().split(",", -1);
        String[] ports = blank(portText) ? new String[] {"5432"} : portText.strip().split(",", -1);
        if (ports.length != 1 && ports.length != hosts.length) {
            throw new PgshiftException(ErrorCode.USAGE, "PGPORT lists " + ports.length + " ports for " + hosts.length
                    + " hosts in PGHOST: give one port, or one per host");
        }
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            String host = hosts[i].strip();
            String port = (ports.length == 1 ? ports[0] : ports[i]).strip();
            if (!HostPort.isPort(port)) {
                throw new PgshiftException(ErrorCode.USAGE, "PGPORT must be a port number (1-65535), got '" + port + "'");
            }
            // empty or a socket directory: libpq's local connection, which TCP reaches on localhost; IPv6 in brackets
            String address = host.isEmpty() || host.startsWith("/") ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
            pairs.add(address + ":" + port);
        }
        return String.join(",", pairs);
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
