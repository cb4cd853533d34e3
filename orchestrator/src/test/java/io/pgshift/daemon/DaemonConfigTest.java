package io.pgshift.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DaemonConfigTest {
    private static final String HASH = "a".repeat(64);
    private static final String MINIMAL = """
            targets:
              staging:
                url: jdbc:postgresql://db.internal:5432/app
            tokens:
              - {name: alice, sha256: %s, roles: [viewer, operator]}
            """.formatted(HASH);

    private static DaemonConfig parse(String yaml, Map<String, String> env) {
        return new DaemonConfigParser(env, "host-42").parse("daemon.yaml", yaml);
    }

    private static String error(String yaml, Map<String, String> env) {
        return assertThrows(ConfigInvalidException.class, () -> parse(yaml, env)).getMessage();
    }

    @Test
    void appliesDefaultsToAMinimalConfig() {
        DaemonConfig config = parse(MINIMAL, Map.of());
        assertEquals(new DaemonConfig.Listen("127.0.0.1", 8080), config.listen());
        assertEquals("host-42", config.node());
        assertEquals(2, config.partitions());
        assertEquals(4, config.threads());
        assertFalse(config.targets().get("staging").policy().approvalRequired());
        DaemonConfig.Token alice = config.tokens().get(0);
        assertEquals(Set.of(Role.VIEWER, Role.OPERATOR), alice.roles());
        assertTrue(alice.matches(HexFormat.of().parseHex(HASH)));
    }

    @Test
    void backupDirDefaultsUnderTheStateHomeNotTheTemporaryDirectoryAndExpandsVariables() {
        assertEquals(java.nio.file.Path.of(System.getProperty("user.home"), ".local/state/pgshift/backups"),
                parse(MINIMAL, Map.of()).backupDir());
        assertEquals(java.nio.file.Path.of("/var/lib/pgshift/pgshift/backups"),
                parse(MINIMAL, Map.of("XDG_STATE_HOME", "/var/lib/pgshift")).backupDir());
        assertEquals(java.nio.file.Path.of("/srv/backups/app"),
                parse("backup_dir: ${BACKUPS}/app\n" + MINIMAL, Map.of("BACKUPS", "/srv/backups")).backupDir());
    }

    @Test
    void driverLeaseDefaultsToThirtySecondsAndRefusesLessThanThree() {
        assertEquals(java.time.Duration.ofSeconds(30), parse(MINIMAL, Map.of()).driverLease());
        assertEquals(java.time.Duration.ofSeconds(10), parse("driver_lease: 10s\n" + MINIMAL, Map.of()).driverLease());
        assertTrue(error("driver_lease: 1s\n" + MINIMAL, Map.of()).contains("'driver_lease' must be at least 3s"),
                error("driver_lease: 1s\n" + MINIMAL, Map.of()));
    }

    @Test
    void targetsKeepTheFilesOrderWhichIsThePromotionOrder() {
        DaemonConfig config = parse("""
                targets:
                  staging: {url: jdbc:postgresql://s/app}
                  canary: {url: jdbc:postgresql://c/app}
                  production: {url: jdbc:postgresql://p/app}
                  alpha: {url: jdbc:postgresql://a/app}
                tokens:
                  - {name: alice, sha256: %s, roles: [viewer]}
                """.formatted(HASH), Map.of());
        assertEquals(java.util.List.of("staging", "canary", "production", "alpha"), java.util.List.copyOf(config.targets().keySet()));
        assertEquals(java.util.List.of("staging", "canary", "production", "alpha"),
                new ConfiguredTargets(config).all().stream().map(io.pgshift.ops.TargetRef::name).toList());
    }

    @Test
    void configuredTargetsResolveByNameAndStillTakePairs() {
        ConfiguredTargets targets = new ConfiguredTargets(parse(MINIMAL, Map.of()));
        assertEquals("app", targets.resolve("staging").url().database());
        assertEquals("other", targets.resolve("qa=jdbc:postgresql://q/other").url().database());
        var unknown = assertThrows(io.pgshift.error.PgshiftException.class, () -> targets.resolve("prod"));
        assertEquals(io.pgshift.error.ErrorCode.USAGE, unknown.code());
        assertTrue(unknown.getMessage().contains("the config names: staging"), unknown.getMessage());
    }

    @Test
    void readsEveryKeyAndThePasswordFromTheEnvironment() {
        DaemonConfig config = parse("""
                listen: 127.0.0.1:0
                node: daemon-a
                partitions: 3
                threads: 6
                targets:
                  staging:
                    url: jdbc:postgresql://${DB_HOST}:5432/app
                    user: shifter
                    password_env: STAGING_PGPASSWORD
                    policy: {approval_required: true}
                tokens:
                  - {name: bob, sha256: %s, roles: [approver]}
                """.formatted(HASH), Map.of("DB_HOST", "db1", "STAGING_PGPASSWORD", "s3cret"));
        DaemonConfig.Target staging = config.targets().get("staging");
        assertEquals("jdbc:postgresql://db1:5432/app", staging.url().jdbcUrl());
        assertEquals("shifter", staging.url().user());
        assertEquals("s3cret", staging.url().password());
        assertFalse(staging.url().toString().contains("s3cret"));
        assertTrue(staging.policy().approvalRequired());
        assertEquals(0, config.listen().port());
        assertEquals("daemon-a", config.node());
        assertEquals(3, config.partitions());
        assertEquals(6, config.threads());
    }

    @Test
    void environmentOverridesListenAndNode() {
        DaemonConfig config = parse("listen: 127.0.0.1:9000\n" + MINIMAL,
                Map.of("PGSHIFT_LISTEN", "0.0.0.0:9100", "PGSHIFT_NODE", "n2"));
        assertEquals(new DaemonConfig.Listen("0.0.0.0", 9100), config.listen());
        assertEquals("n2", config.node());
    }

    @Test
    void rejectsAnUnknownKeyNamingItsPlaceAndLine() {
        String message = error(MINIMAL.replace("    url:", "    polcy: {}\n    url:"), Map.of());
        assertTrue(message.startsWith("daemon.yaml:3: unknown key 'polcy' in targets.staging"), message);
        assertTrue(message.contains("password_env"), "lists the known keys: " + message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }

    @Test
    void rejectsAValueOfTheWrongTypeWithoutQuotingIt() {
        String message = error("threads: lots\n" + MINIMAL, Map.of());
        assertEquals("daemon.yaml:1: 'threads' must be an integer", message);
    }

    @Test
    void neverEchoesASecretOfAnInvalidAddress() {
        String message = error(MINIMAL.replace("jdbc:postgresql://db.internal:5432/app", "mysql://u:hunter2@db/app"),
                Map.of());
        assertTrue(message.contains("targets.staging.url"), message);
        assertFalse(message.contains("hunter2"), message);
    }

    @Test
    void aPasswordFileIsReadAgainAtEveryLoginSoARotationReachesNewSessions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("staging.password"), "first\n");
        DaemonConfig.Target staging = parse(MINIMAL.replace("/app\n", "/app\n    password_file: " + file + "\n"), Map.of())
                .targets().get("staging");
        assertEquals("first", staging.url().password());
        java.nio.file.Files.writeString(file, "second\n");
        assertEquals("second", staging.url().password(), "rotated");
        assertEquals("second", staging.url().withDatabase("scratch").password(), "a scratch database of the target's server too");
        java.nio.file.Files.delete(file);
        assertEquals("second", staging.url().password(), "a file being replaced: the password read before");
    }

    @Test
    void rejectsAPasswordFileThatIsMissingOrEmptyOrAPasswordWrittenTwice(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path missing = dir.resolve("nope.password");
        assertEquals("daemon.yaml: 'targets.staging.password_file' cannot be read: " + missing + " (no such file)",
                error(MINIMAL.replace("/app\n", "/app\n    password_file: " + missing + "\n"), Map.of()));
        java.nio.file.Path empty = java.nio.file.Files.writeString(dir.resolve("empty.password"), "\n");
        assertEquals("daemon.yaml: 'targets.staging.password_file' cannot be read: " + empty + " (the file is empty)",
                error(MINIMAL.replace("/app\n", "/app\n    password_file: " + empty + "\n"), Map.of()));
        String inline = error(MINIMAL.replace("/app\n", "/app?password=hunter2\n    password_env: PW\n"), Map.of("PW", "x"));
        assertTrue(inline.startsWith("daemon.yaml: 'targets.staging.url' has a password written in it, and password_env"
                + " gives another"), inline);
        assertFalse(inline.contains("hunter2"), inline);
    }

    @Test
    void rejectsAMissingPasswordVariable() {
        String message = error(MINIMAL.replace("/app\n", "/app\n    password_env: NOPE\n"), Map.of());
        assertEquals("daemon.yaml: 'targets.staging.password_env' names the environment variable NOPE, which is not set",
                message);
    }

    @Test
    void rejectsAnUnsetReference() {
        assertTrue(error(MINIMAL.replace("db.internal", "${DB_HOST}"), Map.of())
                .contains("refers to ${DB_HOST}, but the environment variable DB_HOST is not set"));
    }

    @Test
    void rejectsAClearTokenInsteadOfItsHash() {
        assertTrue(error(MINIMAL.replace(HASH, "my-secret-token"), Map.of())
                .contains("'tokens[0].sha256' must be the 64 hex digits"));
        assertFalse(error(MINIMAL.replace(HASH, "my-secret-token"), Map.of()).contains("my-secret-token"));
    }

    @Test
    void refusesEveryTokenHashPgshiftsExamplesPublishedWithItsOwnExitCode() {
        // the hashes once shipped in scripts/daemon/pgshift-daemon.yaml (tokens 'secret' and 'bob', and grafana's)
        for (String published : java.util.List.of(TokenHash.hex("secret"), TokenHash.hex("bob"),
                "3fc9b689459d738f8c88a3a48aa9e33542016b7a4052e001aaa536fca74813cb",
                "3FC9B689459D738F8C88A3A48AA9E33542016B7A4052E001AAA536FCA74813CB")) {
            PublishedTokenException e = assertThrows(PublishedTokenException.class,
                    () -> parse(MINIMAL.replace(HASH, published), Map.of()));
            assertEquals(17, e.code().exitCode());
            assertTrue(e.getMessage().startsWith("daemon.yaml: 'tokens[0].sha256' (token 'alice') is the hash of a token"
                    + " published in pgshift's examples"), e.getMessage());
            assertTrue(e.getMessage().contains("pgshift token new alice"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        }
        assertEquals(1, parse(MINIMAL.replace(HASH, TokenHash.hex("olivia-token")), Map.of()).tokens().size(),
                "a token of one's own is not refused");
    }

    @Test
    void aTokenMayBeLimitedToConfiguredTargetsAndWithoutTargetsActsOnAll() {
        String two = MINIMAL.replace("tokens:", "  production:\n    url: jdbc:postgresql://p/app\ntokens:");
        assertEquals(TargetScope.ALL, parse(two, Map.of()).tokens().get(0).targets());
        TargetScope scope = parse(two.replace("operator]}", "operator], targets: [production]}"), Map.of())
                .tokens().get(0).targets();
        assertTrue(scope.allows("production"));
        assertFalse(scope.allows("staging"));
        assertTrue(error(two.replace("operator]}", "operator], targets: [prod]}"), Map.of())
                .contains("'tokens[0].targets' names the target 'prod', which the config does not define;"
                        + " targets are: staging, production"));
        assertTrue(error(two.replace("operator]}", "operator], targets: []}"), Map.of())
                .contains("'tokens[0].targets' is empty, which would allow nothing"));
    }

    @Test
    void rejectsUnknownRolesDuplicateTokensAndMissingSections() {
        assertTrue(error(MINIMAL.replace("operator]", "admin]"), Map.of()).contains("unknown role 'admin'"));
        assertTrue(error(MINIMAL + "  - {name: alice, sha256: " + HASH + ", roles: [viewer]}\n", Map.of())
                .contains("repeats the token name 'alice'"));
        assertTrue(error("tokens: []\n", Map.of()).contains("'targets' needs at least one target"));
        assertTrue(error("", Map.of()).contains("empty"));
    }

    @Test
    void rejectsABadListenAddressAndDuplicateKeys() {
        assertTrue(error("listen: localhost\n" + MINIMAL, Map.of()).contains("'listen' must be host:port"));
        assertTrue(error("threads: 4\nthreads: 5\n" + MINIMAL, Map.of()).startsWith("daemon.yaml:2:"));
    }

    private static String withPolicy(String policy) {
        return MINIMAL.replace("/app\n", "/app\n    policy: " + policy + "\n");
    }

    @Test
    void allowedWindowsAndDefaultSettingsAreRecordedInTheRunPolicy() {
        DaemonConfig config = parse(withPolicy("""
                {allowed_windows: [{cron: "0 * 22-23,0-5 ? * *", time_zone: Europe/Paris}, {cron: "0 * * ? * SAT,SUN"}],\
                 default_settings: {lock_timeout: 200ms, batch: {size: 500}}}"""), Map.of());
        io.pgshift.run.RunPolicy runs = config.targets().get("staging").policy().runs();
        assertEquals(java.util.List.of(new io.pgshift.backfill.Schedule("0 * 22-23,0-5 ? * *",
                        java.time.ZoneId.of("Europe/Paris")),
                new io.pgshift.backfill.Schedule("0 * * ? * SAT,SUN", java.time.ZoneId.of("UTC"))), runs.allowedWindows());
        assertEquals(java.time.Duration.ofMillis(200), runs.defaults().settings().lockTimeout());
        assertEquals(500, runs.defaults().batch().size());
        assertTrue(parse(MINIMAL, Map.of()).targets().get("staging").policy().runs().isNone());
    }

    @Test
    void auditSamplesIsAnOptInOfTheTargetRecordedWithEachRun() {
        io.pgshift.run.RunPolicy runs = parse(withPolicy("{audit_samples: true}"), Map.of()).targets().get("staging")
                .policy().runs();
        assertEquals(io.pgshift.audit.Disclosure.FULL, runs.disclosure());
        assertEquals(io.pgshift.audit.Disclosure.FULL, io.pgshift.run.RunPolicy.fromJson(runs.toJson()).disclosure());
        assertEquals(io.pgshift.audit.Disclosure.REDACTED,
                parse(MINIMAL, Map.of()).targets().get("staging").policy().runs().disclosure());
    }

    @Test
    void badAllowedWindowsAreOneClearError() {
        assertTrue(error(withPolicy("{allowed_windows: [{cron: '0 0 25 * * ?'}]}"), Map.of())
                .contains("'targets.staging.policy.allowed_windows[0].cron' is not a window"));
        assertTrue(error(withPolicy("{allowed_windows: [{cron: '0 * 1 * * ?', time_zone: Mars/Olympus}]}"), Map.of())
                .contains("'targets.staging.policy.allowed_windows[0].time_zone' is not a time zone"));
        assertTrue(error(withPolicy("{allowed_windows: []}"), Map.of())
                .contains("'targets.staging.policy.allowed_windows' is empty, which would forbid every run"));
        assertTrue(error(withPolicy("{allowed_windows: [{cron: '0 * * 31 2 ?'}]}"), Map.of())
                .contains("'targets.staging.policy.allowed_windows' never opens again"));
        assertTrue(error(withPolicy("{allowed_windows: ['0 0 22 * * ?']}"), Map.of()).contains("allowed_windows"));
    }

    @Test
    void badDefaultSettingsAreOneClearErrorNamingTheKey() {
        String e = error(withPolicy("{default_settings: {lock_timeout: 5 minutes, batch: {sise: 10}}}"), Map.of());
        assertTrue(e.contains("'targets.staging.policy.default_settings' lock_timeout: "), e);
        assertTrue(e.contains("batch.sise: unknown key 'sise'"), e);
        assertTrue(error(withPolicy("{default_settings: 200ms}"), Map.of()).contains("must be a mapping of settings"));
    }

    private static final Map<String, String> EXAMPLE_ENV = Map.of("STAGING_DB_HOST", "db-staging", "PROD_DB_HOST",
            "db-prod", "STAGING_PGPASSWORD", "s3cret");
    private static final String PLACEHOLDER = "REPLACE-with-the-line-of-pgshift-token-new";

    private static String exampleConfig(java.nio.file.Path dir) throws Exception {
        java.nio.file.Path password = java.nio.file.Files.writeString(dir.resolve("production.password"), "secret\n");
        return java.nio.file.Files.readString(io.pgshift.testing.RepoFiles.path("scripts/daemon/pgshift-daemon.yaml"))
                .replace("/etc/pgshift/production.password", password.toString());
    }

    @Test
    void exampleConfigAsShippedDoesNotStartOnItsTokenPlaceholders(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String example = exampleConfig(dir);
        assertTrue(example.contains(PLACEHOLDER), "the example holds placeholders, no hash");
        String e = error(example, EXAMPLE_ENV);
        assertTrue(e.contains("'tokens[0].sha256' must be the 64 hex digits"), e);
        assertTrue(e.contains("pgshift token new alice --roles"), "says how to make one: " + e);
    }

    @Test
    void exampleConfigInScriptsIsValidOnceItsTokensAreMade(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String example = exampleConfig(dir).replace(PLACEHOLDER, HASH);
        DaemonConfig config = parse(example, EXAMPLE_ENV);
        assertEquals(TargetScope.of(Set.of("staging")), config.tokens().get(0).targets());
        assertEquals(TargetScope.ALL, config.tokens().get(1).targets());
        DaemonConfig.Policy production = config.targets().get("production").policy();
        assertTrue(production.approvalRequired() && production.backupRequired());
        assertEquals(2, production.runs().allowedWindows().size());
        assertEquals(java.time.Duration.ofMillis(300), production.runs().defaults().settings().lockTimeout());
        assertEquals(java.util.List.of("staging", "production"), java.util.List.copyOf(config.targets().keySet()));
    }

    @Test
    void auditAnchorsTakeADirectoryAndAnInterval() {
        assertEquals(null, parse(MINIMAL, Map.of()).anchors());
        DaemonConfig.AuditAnchors anchors = parse("audit_anchors: {dir: /srv/anchors}\n" + MINIMAL, Map.of()).anchors();
        assertEquals(java.nio.file.Path.of("/srv/anchors/staging.anchors"), anchors.file("staging"));
        assertEquals(java.time.Duration.ofSeconds(30), anchors.every());
        assertEquals(java.time.Duration.ofMinutes(5),
                parse("audit_anchors: {dir: /a, every: 5m}\n" + MINIMAL, Map.of()).anchors().every());
        assertTrue(error("audit_anchors: {dir: /a, every: soon}\n" + MINIMAL, Map.of())
                .contains("'audit_anchors.every' must be a duration"));
        assertTrue(error("audit_anchors: {every: 5s}\n" + MINIMAL, Map.of()).contains("'audit_anchors.dir' must not be empty"));
    }

    @Test
    void anUnquotedUrlInAFlowMappingSaysWhatTheYamlParserFoundWithoutQuotingTheFile() {
        String e = error("""
                targets:
                  staging: {url: jdbc:postgresql://db:5432/app?password=hunter2}
                tokens:
                  - {name: alice, sha256: %s, roles: [viewer]}
                """.formatted(HASH), Map.of());
        assertTrue(e.contains("daemon.yaml:2: invalid value for 'targets': not valid YAML: expected ',' or '}', but got ?"
                + " at line 2, column"), e);
        assertTrue(e.contains("quote values that contain"), e);
        assertFalse(e.contains("hunter2"), "never a value of the file: " + e);
    }

    @Test
    void tlsReadsAndChecksTheCertificateAndKeyAtStart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        io.pgshift.tls.TestCertificates.Pair pair = io.pgshift.tls.TestCertificates.selfSigned(dir, "api", "EC");
        DaemonConfig config = parse("tls: {cert_file: " + pair.cert() + ", key_file: \"${KEY}\"}\n" + MINIMAL,
                Map.of("KEY", pair.key().toString()));
        assertEquals("CN=localhost", config.listen().tls().certificate().getSubjectX500Principal().getName());
        assertEquals(null, parse(MINIMAL, Map.of()).listen().tls(), "no tls key: plain HTTP");

        assertTrue(error("tls: {cert_file: " + pair.cert() + "}\n" + MINIMAL, Map.of())
                .equals("daemon.yaml: 'tls.key_file' is required"));
        String unknown = error("tls: {cert_file: a, key_file: b, ca_file: c}\n" + MINIMAL, Map.of());
        assertTrue(unknown.startsWith("daemon.yaml:1: unknown key 'ca_file' in tls; expected one of: cert_file, key_file"),
                unknown);
        String swapped = error("tls: {cert_file: " + pair.key() + ", key_file: " + pair.cert() + "}\n" + MINIMAL, Map.of());
        assertEquals("daemon.yaml: 'tls' cannot be used: " + pair.key() + " holds no PEM certificate"
                + " ('-----BEGIN CERTIFICATE-----')", swapped);
    }
}
