package io.pgshift.daemon;

import io.pgshift.db.DatabaseUrl;
import io.pgshift.run.RunPolicy;
import io.pgshift.run.TargetPolicy;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The daemon's configuration, validated once by {@link DaemonConfigParser} and then immutable.
 *
 * @param node       this daemon's name in the Quartz clusters of its targets (unique per cluster)
 * @param targets    the databases this daemon changes, by name (the name is the API's {@code {target}})
 * @param partitions key ranges each backfill is split into
 * @param threads    worker threads of each target's node
 * @param hooks      commands or webhooks run on run events (docs/OPERATIONS.md)
 * @param backupDir  where {@code POST .../backups} writes its dumps
 * @param anchors    where and how often the head of each target's audit chain is written down, or null
 * @param driverLease how long a run driver's lease lasts unrenewed: how long a stopped or cut-off
 *                   daemon keeps its runs from the other daemons of the cluster
 */
public record DaemonConfig(Listen listen, String node, Map<String, Target> targets, List<Token> tokens, int partitions,
                           int threads, List<io.pgshift.hooks.HookConfig> hooks, Path backupDir, AuditAnchors anchors,
                           java.time.Duration driverLease) {
    public DaemonConfig {
        // in the file's order, which is the promotion order drift is judged in (staging before production)
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
        tokens = List.copyOf(tokens);
        hooks = List.copyOf(hooks);
    }

    /**
     * The heads of the targets' audit chains, written every {@code every} to {@code dir/<target>.anchors}
     * (on a disk the database's administrators cannot rewrite), so that {@code audit verify} can
     * tell rows deleted at the end of a chain.
     */
    public record AuditAnchors(Path dir, java.time.Duration every) {
        public Path file(String target) {
            return dir.resolve(target + ".anchors");
        }
    }

    /**
     * Where the HTTP API listens; port 0 picks a free port (tests). {@code tls}: the certificate and
     * key it serves HTTPS with, or null for plain HTTP.
     */
    public record Listen(String host, int port, io.pgshift.tls.ServerIdentity tls) {
        public Listen(String host, int port) {
            this(host, port, null);
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** A database the daemon runs playbooks on; pgshift's state lives in its schema {@code pgshift}. */
    public record Target(String name, DatabaseUrl url, Policy policy) {
    }

    /**
     * What a target demands of every run: an approval by someone else than the submitter, and a
     * backup (pg_dump of the playbook's existing tables, optionally proven restorable) taken
     * before the run is created, a failed backup refusing the run; and what is recorded with each
     * run ({@code runs}): default settings for what playbooks leave out, and the windows in which
     * runs may touch the target.
     */
    public record Policy(boolean approvalRequired, boolean backupRequired, boolean verifyRestore, RunPolicy runs) {
        public static final Policy DEFAULT = new Policy(false, false, false, RunPolicy.NONE);

        public Policy(boolean approvalRequired) {
            this(approvalRequired, false, false, RunPolicy.NONE);
        }

        /** As stored with the target, where every path reads it. */
        public TargetPolicy stored() {
            return new TargetPolicy(approvalRequired, backupRequired, verifyRestore, runs);
        }

        public static Policy of(TargetPolicy stored) {
            return new Policy(stored.approvalRequired(), stored.backupRequired(), stored.verifyRestore(), stored.runs());
        }
    }

    /**
     * An API token, stored as the SHA-256 of its text only, with its roles and the targets it may
     * act on ({@link TargetScope#ALL} when the config names none). {@code toString} shows no hash.
     */
    public record Token(String name, byte[] sha256, Set<Role> roles, TargetScope targets) {
        public Token {
            sha256 = sha256.clone();
            roles = Set.copyOf(roles);
        }

        public Token(String name, byte[] sha256, Set<Role> roles) {
            this(name, sha256, roles, TargetScope.ALL);
        }

        /** Constant-time comparison of {@code presentedSha256} with this token's hash. */
        public boolean matches(byte[] presentedSha256) {
            return MessageDigest.isEqual(sha256, presentedSha256);
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        @Override
        public String toString() {
            return "Token[" + name + " " + roles + " on " + targets + "]";
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Token t && t.name.equals(name) && MessageDigest.isEqual(t.sha256, sha256)
                    && t.roles.equals(roles) && t.targets.equals(targets);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }
}
