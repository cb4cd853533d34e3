package io.pgshift.ops;

import io.pgshift.db.DatabaseUrl;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The libpq environment (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE) for a
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
        String hostPort = m.group(1).isEmpty() ? "localhost" : m.group(1);
        int colon = hostPort.lastIndexOf(':');
        boolean hasPort = colon > 0 && !hostPort.endsWith("]");
        env.put("PGHOST", hasPort ? hostPort.substring(0, colon) : hostPort);
        env.put("PGPORT", hasPort ? hostPort.substring(colon + 1) : "5432");
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

    /** Applies {@link #of} to a child's environment, dropping inherited PG* settings that could redirect it. */
    public static void apply(Map<String, String> childEnv, DatabaseUrl url) {
        childEnv.keySet().removeIf(k -> k.startsWith("PG"));
        childEnv.putAll(of(url));
        childEnv.put("PGAPPNAME", "pgshift");
        childEnv.put("PGCONNECT_TIMEOUT", "10");
    }
}
