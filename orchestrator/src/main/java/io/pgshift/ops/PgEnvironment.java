package io.pgshift.ops;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.db.HostPort;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The libpq environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE,
 * PGTARGETSESSIONATTRS, PGCONNECT_TIMEOUT) for a
 * database URL, so pg_dump and pg_restore connect without the password ever appearing on a
 * command line (where {@code ps} would show it).
 */
public final class PgEnvironment {
    private static final Pattern JDBC = Pattern.compile("jdbc:postgresql://([^/?]*)(?:/([^?]*))?(?:\\?(.*))?");

    private PgEnvironment() {
    }

    /** Variables to set on the child process; other inherited PG* variables should be removed first. */
    public static Map<String, String> of(DatabaseUrl url) {
        Matcher m = JDBC.matcher(url.jdbcUrl());
        if (!m.matches()) {
            throw new IllegalArgumentException("unexpected database url " + url);
        }
        Map<String, String> env = new LinkedHashMap<>();
        hosts(m.group(1), env);
        env.put("PGDATABASE", url.database());
        String user = url.user();
        String password = url.password();
        if (m.group(3) != null) {
            for (String kv : m.group(3).split("&")) {
                String[] p = kv.split("=", 2);
                String value = p.length == 2 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "";
                switch (p[0]) {
                    case "user" -> user = user == null ? value : user;
                    case "password" -> password = password == null ? value : password;
                    case "sslmode" -> env.put("PGSSLMODE", value);
                    case "targetServerType" -> env.put("PGTARGETSESSIONATTRS", sessionAttrs(value));
                    case "connectTimeout" -> env.put("PGCONNECT_TIMEOUT", value);
                    default -> { }
                }
            }
        }
        if (user != null) {
            env.put("PGUSER", user);
        }
        if (password != null) {
            env.put("PGPASSWORD", password);
        }
        return env;
    }

    /**
     * PGHOST and PGPORT from the URL's {@code host:port[,host:port...]}: libpq takes lists of both
     * (a high-availability cluster's nodes) and an IPv6 address without its brackets.
     */
    private static void hosts(String list, Map<String, String> env) {
        List<String> hosts = new ArrayList<>();
        List<String> ports = new ArrayList<>();
        for (String entry : (list.isEmpty() ? "localhost" : list).split(",")) {
            HostPort hostPort = HostPort.split(entry, "5432");
            hosts.add(hostPort.host().isEmpty() ? "localhost" : hostPort.bareHost());
            ports.add(hostPort.port());
        }
        env.put("PGHOST", String.join(",", hosts));
        env.put("PGPORT", String.join(",", ports));
    }

    /** pgJDBC's {@code targetServerType} as libpq's {@code target_session_attrs} (PostgreSQL 14's names for standbys). */
    private static String sessionAttrs(String targetServerType) {
        return switch (targetServerType) {
            case "primary", "master" -> "read-write";
            case "secondary", "slave" -> "standby";
            case "preferSecondary", "preferSlave" -> "prefer-standby";
            default -> "any";
        };
    }

    /** Applies {@link #of} to a child's environment, dropping inherited PG* settings that could redirect it. */
    public static void apply(Map<String, String> childEnv, DatabaseUrl url) {
        childEnv.keySet().removeIf(k -> k.startsWith("PG"));
        childEnv.putAll(of(url));
        childEnv.put("PGAPPNAME", "pgshift");
        childEnv.putIfAbsent("PGCONNECT_TIMEOUT", "10");
        // the primary, as pgshift's own sessions ask for (Connections.TARGET_SERVER_TYPE): the backup
        // of what the change is about to touch, and a restore that writes
        childEnv.putIfAbsent("PGTARGETSESSIONATTRS", "read-write");
    }
}
