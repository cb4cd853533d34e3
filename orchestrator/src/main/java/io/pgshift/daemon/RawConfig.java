package io.pgshift.daemon;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The configuration file as written, before validation: Jackson maps YAML onto these classes and
 * rejects any key they do not declare. Plain fields rather than records, so an error is reported
 * at the line of the offending key (records are built only once their whole mapping is read).
 * Everything is nullable here; {@link DaemonConfigParser} applies defaults and checks values.
 */
final class RawConfig {
    private RawConfig() {
    }

    static final class Root {
        public String listen;
        public String node;
        public Map<String, Target> targets;
        public List<Token> tokens;
        public Integer partitions;
        public Integer threads;
        public List<Hook> hooks;
        @JsonProperty("backup_dir")
        public String backupDir;
        @JsonProperty("audit_anchors")
        public AuditAnchors auditAnchors;
        @JsonProperty("driver_lease")
        public String driverLease;
        public Tls tls;
    }

    static final class Tls {
        @JsonProperty("cert_file")
        public String certFile;
        @JsonProperty("key_file")
        public String keyFile;
    }

    static final class AuditAnchors {
        public String dir;
        public String every;
    }

    static final class Hook {
        public String name;
        public List<String> events;
        public List<String> command;
        public String webhook;
        public String timeout;
        public List<String> env;
    }

    static final class Target {
        public String url;
        public String user;
        @JsonProperty("password_env")
        public String passwordEnv;
        @JsonProperty("password_file")
        public String passwordFile;
        public Policy policy;
    }

    static final class Policy {
        @JsonProperty("approval_required")
        public Boolean approvalRequired;
        @JsonProperty("backup_required")
        public Boolean backupRequired;
        @JsonProperty("verify_restore")
        public Boolean verifyRestore;
        @JsonProperty("audit_samples")
        public Boolean auditSamples;
        @JsonProperty("allowed_windows")
        public List<Window> allowedWindows;
        /** Checked by the playbook parser's rules, so kept as a tree here. */
        @JsonProperty("default_settings")
        public com.fasterxml.jackson.databind.JsonNode defaultSettings;
    }

    static final class Window {
        public String cron;
        @JsonProperty("time_zone")
        public String timeZone;
    }

    static final class Token {
        public String name;
        public String sha256;
        public List<String> roles;
        public List<String> targets;
    }
}
