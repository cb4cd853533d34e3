package io.pgshift.db;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A libpq connection URI, {@code postgresql://[user[:password]@][host][:port][,host[:port]...][/db][?k=v&...]},
 * in JDBC form. Its host list is what a high-availability setup gives its clients (every node of a
 * cluster, the primary found by {@code target_session_attrs}); read by {@link java.net.URI} it has no
 * host at all, and became {@code localhost} without its user: pgshift would have worked on whatever
 * answered there. libpq's own parameters with a JDBC twin are translated ({@code target_session_attrs},
 * {@code connect_timeout}, {@code load_balance_hosts}); those that would send the connection
 * elsewhere than the hosts written ({@code host}, {@code hostaddr}, {@code port}, {@code service})
 * are refused, since the JDBC driver would ignore them; the rest (JDBC's own names, {@code sslmode})
 * pass through.
 */
final class LibpqUri {
    /** libpq's {@code target_session_attrs} values, as pgJDBC's {@code targetServerType}. */
    static final Map<String, String> SESSION_ATTRS = Map.of("any", "any", "read-write", "primary",
            "primary", "primary", "read-only", "secondary", "standby", "secondary", "prefer-standby", "preferSecondary");
    private static final Set<String> REFUSED = Set.of("host", "hostaddr", "port", "service");

    /** The address in JDBC form, and the credentials written in it (null when none). */
    record Parsed(String jdbcUrl, String user, String password) {
    }

    private LibpqUri() {
    }

    /** {@code text} starts with {@code postgresql://} or {@code postgres://}; throws IllegalArgumentException with a one-line reason. */
    static Parsed parse(String text) {
        String rest = text.substring(text.indexOf("://") + 3);
        int end = indexOfAny(rest, "/?");
        String authority = end < 0 ? rest : rest.substring(0, end);
        String tail = end < 0 ? "" : rest.substring(end);
        String user = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String[] info = authority.substring(0, at).split(":", 2);
            user = info[0].isEmpty() ? null : decode(info[0]);
            password = info.length > 1 ? decode(info[1]) : null;
            authority = authority.substring(at + 1);
        }
        int q = tail.indexOf('?');
        String path = q < 0 ? tail : tail.substring(0, q);
        String database = path.length() <= 1 ? "postgres" : path.substring(1);
        String query = q < 0 ? "" : tail.substring(q + 1);
        return new Parsed("jdbc:postgresql://" + hosts(authority) + "/" + database + parameters(query), user, password);
    }

    /** {@code host:port[,host:port...]}, each port written or 5432; an empty host (a local socket) is localhost. */
    private static String hosts(String authority) {
        List<String> out = new ArrayList<>();
        for (String entry : authority.split(",", -1)) {
            HostPort split = HostPort.split(entry, "5432");
            String port = split.port();
            if (!HostPort.isPort(port)) {
                throw new IllegalArgumentException("malformed database url: the port of '" + entry
                        + "' must be a number from 1 to 65535");
            }
            String host = decode(split.host());
            if (host.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("malformed database url: the host '" + host + "' has a space in it");
            }
            // empty or a socket directory: libpq's local connection, which TCP reaches on localhost
            out.add((host.isEmpty() || host.startsWith("/") ? "localhost" : host) + ":" + port);
        }
        return String.join(",", out);
    }

    private static String parameters(String query) {
        if (query.isEmpty()) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            String value = kv.length > 1 ? decode(kv[1]) : "";
            if (REFUSED.contains(kv[0])) {
                throw new IllegalArgumentException("database url: '" + kv[0] + "' in the query is not supported (pgshift"
                        + " connects over TCP to the hosts written in the address): write them there, e.g."
                        + " postgresql://user@host1:5432,host2:5432/db");
            }
            switch (kv[0]) {
                case "target_session_attrs" -> out.add("targetServerType=" + sessionAttrs(value));
                case "connect_timeout" -> out.add("connectTimeout=" + value);
                case "load_balance_hosts" -> out.add("loadBalanceHosts=" + "random".equals(value));
                default -> out.add(pair);
            }
        }
        return "?" + String.join("&", out);
    }

    private static String sessionAttrs(String value) {
        String type = SESSION_ATTRS.get(value);
        if (type == null) {
            throw new IllegalArgumentException("database url: target_session_attrs must be one of "
                    + String.join(", ", new java.util.TreeSet<>(SESSION_ATTRS.keySet())) + "; got '" + value + "'");
        }
        return type;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
