package io.pgshift.daemon;

import io.pgshift.engine.EngineSettings;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.pgshift.daemon.DaemonConfig.Listen;
import io.pgshift.json.Mappers;
import io.pgshift.tls.ServerIdentity;
import io.pgshift.tls.TlsMaterialException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the daemon's YAML configuration strictly: an unknown or duplicated key, a value of the
 * wrong type or a missing required value is one {@link ConfigInvalidException} naming the file,
 * the key and the line. Values are never quoted back (they may be secrets).
 *
 * <p>Environment: {@code ${NAME}} inside a string value is replaced by that variable (unset is an
 * error), and {@code PGSHIFT_LISTEN} / {@code PGSHIFT_NODE} override {@code listen} / {@code node}.
 */
public final class DaemonConfigParser {
    public static final String LISTEN_ENV = "PGSHIFT_LISTEN";
    public static final String NODE_ENV = "PGSHIFT_NODE";
    static final String DEFAULT_LISTEN = "127.0.0.1:8080";
    static final java.time.Duration DEFAULT_ANCHOR_EVERY = java.time.Duration.ofSeconds(30);

    private final Map<String, String> env;
    private final String defaultNode;

    /** @param env the process environment (tests pass their own) */
    public DaemonConfigParser(Map<String, String> env, String defaultNode) {
        this.env = Map.copyOf(env);
        this.defaultNode = defaultNode;
    }

    public static DaemonConfigParser fromEnvironment() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return new DaemonConfigParser(System.getenv(), host + "-" + ProcessHandle.current().pid());
    }

    public DaemonConfig parse(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigInvalidException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigInvalidException("cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    public DaemonConfig parse(String file, String text) {
        RawConfig.Root raw = text.isBlank() ? null : read(file, text);
        if (raw == null) {
            throw new ConfigInvalidException(file + ": the config file is empty; it needs at least targets and tokens");
        }
        ConfigValues values = new ConfigValues(file, env);
        String listen = env.getOrDefault(LISTEN_ENV, raw.listen == null ? DEFAULT_LISTEN : raw.listen);
        String node = env.getOrDefault(NODE_ENV, raw.node == null ? defaultNode : raw.node);
        int partitions = values.positive("partitions", raw.partitions, 2);
        int threads = values.positive("threads", raw.threads, Math.max(4, partitions + 1));
        if (threads < 2) {
            throw values.invalid("threads", "must be at least 2 (one run driver and one backfill partition)");
        }
        Map<String, DaemonConfig.Target> targets = new TargetsConfig(values).targets(raw.targets);
        return new DaemonConfig(listen(values, values.expand("listen", listen), tls(values, raw.tls)), values.nonBlank("node",
                values.expand("node", node)), targets, new TokensConfig(values).tokens(raw.tokens, targets.keySet()),
                partitions, threads, new HooksConfig(values).hooks(raw.hooks),
                backupDir(values, raw.backupDir), anchors(values, raw.auditAnchors), driverLease(values, raw.driverLease));
    }

    /** {@code driver_lease: 30s}: at least 3s, so that a renewal every third of it survives a slow query. */
    private static java.time.Duration driverLease(ConfigValues values, String raw) {
        java.time.Duration lease = values.duration("driver_lease", raw, EngineSettings.DEFAULT_LEASE_TTL);
        if (lease.compareTo(java.time.Duration.ofSeconds(3)) < 0) {
            throw values.invalid("driver_lease", "must be at least 3s");
        }
        return lease;
    }

    /** {@code audit_anchors: {dir: /var/lib/pgshift/anchors, every: 30s}}; absent: no anchors written. */
    private static DaemonConfig.AuditAnchors anchors(ConfigValues values, RawConfig.AuditAnchors raw) {
        if (raw == null) {
            return null;
        }
        Path dir;
        try {
            dir = Path.of(values.nonBlank("audit_anchors.dir", values.expand("audit_anchors.dir", raw.dir)));
        } catch (java.nio.file.InvalidPathException e) {
            throw values.invalid("audit_anchors.dir", "is not a usable path: " + e.getReason());
        }
        java.time.Duration every = values.duration("audit_anchors.every", raw.every, DEFAULT_ANCHOR_EVERY);
        if (every.compareTo(java.time.Duration.ofSeconds(1)) < 0) {
            throw values.invalid("audit_anchors.every", "must be at least 1s");
        }
        return new DaemonConfig.AuditAnchors(dir, every);
    }

    private static RawConfig.Root read(String file, String text) {
        ObjectReader reader = Mappers.YAML.readerFor(RawConfig.Root.class)
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        try {
            return reader.readValue(text);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            String where = field.contains(".") ? field.substring(0, field.lastIndexOf('.')) : "";
            throw new ConfigInvalidException(file + line(e) + ": unknown key '" + e.getPropertyName() + "'"
                    + (where.isEmpty() ? "" : " in " + where) + "; expected one of: " + known(e.getKnownPropertyIds()));
        } catch (MismatchedInputException e) {
            throw new ConfigInvalidException(file + line(e) + ": '" + path(e) + "' must be " + expected(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw new ConfigInvalidException(file + line(e) + ": invalid value for '" + path(e) + "'" + yamlProblem(e));
        } catch (JsonProcessingException e) {
            // the parser's own first line only: later lines quote the file, which may hold secrets
            String why = e.getOriginalMessage() == null ? "" : e.getOriginalMessage().split("\n", 2)[0];
            throw new ConfigInvalidException(file + line(e) + ": not valid YAML: " + why);
        }
    }

    /**
     * {@code backup_dir}, by default {@code $XDG_STATE_HOME/pgshift/backups} (else under
     * {@code ~/.local/state}): not the shared temporary directory, where another user could create
     * it first. Its ownership and mode are checked when a backup is taken.
     */
    private Path backupDir(ConfigValues values, String raw) {
        if (raw == null) {
            return io.pgshift.ops.BackupDirectory.defaultPath(env);
        }
        try {
            return Path.of(values.nonBlank("backup_dir", values.expand("backup_dir", raw)));
        } catch (java.nio.file.InvalidPathException e) {
            throw values.invalid("backup_dir", "is not a usable path: " + e.getReason());
        }
    }

    /**
     * {@code tls: {cert_file, key_file}}: PEM files, read and checked to match now, so that a bad
     * file stops the daemon at start; absent: plain HTTP.
     */
    private static ServerIdentity tls(ConfigValues values, RawConfig.Tls raw) {
        if (raw == null) {
            return null;
        }
        Path cert = path(values, "tls.cert_file", values.required("tls.cert_file", values.expand("tls.cert_file", raw.certFile)));
        Path key = path(values, "tls.key_file", values.required("tls.key_file", values.expand("tls.key_file", raw.keyFile)));
        try {
            return ServerIdentity.load(cert, key);
        } catch (TlsMaterialException e) {
            throw values.invalid("tls", "cannot be used: " + e.getMessage());
        }
    }

    private static Path path(ConfigValues values, String key, String text) {
        try {
            return Path.of(text.trim());
        } catch (java.nio.file.InvalidPathException e) {
            throw values.invalid(key, "is not a usable path: " + e.getReason());
        }
    }

    private static Listen listen(ConfigValues values, String text, ServerIdentity tls) {
        int colon = text.lastIndexOf(':');
        String host = colon < 0 ? "" : text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = colon < 0 ? -1 : Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (host.isBlank() || port < 0 || port > 65535) {
            throw values.invalid("listen", "must be host:port, e.g. 127.0.0.1:8080 (got '" + text + "')");
        }
        return new Listen(host, port, tls);
    }

    private static String path(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                parts.add(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                parts.add("[" + ref.getIndex() + "]");
            }
        }
        return String.join(".", parts).replace(".[", "[");
    }

    /**
     * The YAML parser's own problem under a mapping error, without its quote of the file (which
     * may hold secrets): an unquoted URL with {@code ?} inside a flow mapping is the usual cause.
     */
    private static String yamlProblem(JsonMappingException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.dataformat.yaml.snakeyaml.error.MarkedYAMLException y
                    && y.getProblem() != null) {
                return ": not valid YAML: " + y.getProblem() + (y.getProblemMark() == null ? ""
                        : " at line " + (y.getProblemMark().getLine() + 1) + ", column " + (y.getProblemMark().getColumn() + 1))
                        + "; quote values that contain ':', '?', ',' or braces";
            }
        }
        return "";
    }

    private static String line(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() <= 0 ? "" : ":" + e.getLocation().getLineNr();
    }

    private static String known(Collection<Object> ids) {
        return ids == null ? "" : ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping of keys to values";
    }
}
