package io.pgshift.daemon;

import io.pgshift.audit.Disclosure;
import io.pgshift.daemon.DaemonConfig.Policy;
import io.pgshift.daemon.DaemonConfig.Target;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.db.PasswordFile;
import io.pgshift.run.RunPolicy;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Validates the {@code targets} section: addresses, credentials and policies. */
final class TargetsConfig {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private final ConfigValues values;

    TargetsConfig(ConfigValues values) {
        this.values = values;
    }

    Map<String, Target> targets(Map<String, RawConfig.Target> raw) {
        if (raw == null || raw.isEmpty()) {
            throw values.invalid("targets", "needs at least one target, e.g. targets: {staging: {url: jdbc:postgresql://host/db}}");
        }
        Map<String, Target> targets = new LinkedHashMap<>();
        raw.forEach((name, target) -> targets.put(name, target(name, target)));
        return targets;
    }

    private Target target(String name, RawConfig.Target raw) {
        String key = "targets." + name;
        if (!NAME.matcher(name).matches()) {
            throw values.invalid(key, "is not a valid target name: use lower-case letters, digits, '-' and '_'");
        }
        if (raw == null) {
            throw values.invalid(key + ".url", "is required");
        }
        DatabaseUrl url;
        try {
            url = DatabaseUrl.parse(values.required(key + ".url", values.expand(key + ".url", raw.url)));
        } catch (IllegalArgumentException e) {
            // DatabaseUrl's messages redact passwords
            throw values.invalid(key + ".url", "is not a database address: " + e.getMessage());
        }
        String user = values.expand(key + ".user", raw.user);
        return new Target(name, credentials(key, raw, url.withCredentials(user, null)), policy(key + ".policy", raw.policy));
    }

    /** The address with the password of {@code password_env}, or read at every login from {@code password_file}. */
    private DatabaseUrl credentials(String key, RawConfig.Target raw, DatabaseUrl url) {
        if (raw.passwordEnv != null && raw.passwordFile != null) {
            throw values.invalid(key, "has both password_env and password_file; keep one");
        }
        boolean inline = url.password() != null || url.jdbcUrl().matches(".*[?&]password=.*");
        if (inline && (raw.passwordEnv != null || raw.passwordFile != null)) {
            // the driver takes a password written in the address over the one given beside it
            throw values.invalid(key + ".url", "has a password written in it, and " + (raw.passwordEnv != null
                    ? "password_env" : "password_file") + " gives another; keep one (better: remove it from the url)");
        }
        if (raw.passwordFile != null) {
            Path file = Path.of(values.expand(key + ".password_file", raw.passwordFile));
            try {
                return url.withPasswordFile(PasswordFile.open(file));
            } catch (IOException e) {
                throw values.invalid(key + ".password_file", "cannot be read: " + file + " (" + (e instanceof NoSuchFileException
                        ? "no such file" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
            }
        }
        return url.withCredentials(null, password(key, raw));
    }

    private String password(String key, RawConfig.Target raw) {
        if (raw.passwordEnv != null) {
            String password = values.env(values.nonBlank(key + ".password_env", raw.passwordEnv));
            if (password == null || password.isEmpty()) {
                throw values.invalid(key + ".password_env", "names the environment variable " + raw.passwordEnv
                        + ", which is not set");
            }
            return password;
        }
        return null;
    }

    private Policy policy(String key, RawConfig.Policy raw) {
        if (raw == null) {
            return Policy.DEFAULT;
        }
        if (Boolean.TRUE.equals(raw.verifyRestore) && !Boolean.TRUE.equals(raw.backupRequired)) {
            throw values.invalid(key + ".verify_restore", "needs backup_required: true");
        }
        RunPolicy runs = new RunPolicy(new DefaultSettingsConfig(values).read(key + ".default_settings", raw.defaultSettings),
                new AllowedWindowsConfig(values).read(key + ".allowed_windows", raw.allowedWindows), false,
                Boolean.TRUE.equals(raw.auditSamples) ? Disclosure.FULL : Disclosure.REDACTED);
        return new Policy(Boolean.TRUE.equals(raw.approvalRequired), Boolean.TRUE.equals(raw.backupRequired),
                Boolean.TRUE.equals(raw.verifyRestore), runs);
    }
}
