package io.pgshift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code pgshift preflight} against a real server: blocking sessions, wrong target, privileges, audit. */
@ExtendWith(PgDatabaseExtension.class)
class OpsPreflightIT {
    private static final String WEAK_ROLE = "pgshift_preflight_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
    private static TestDatabase db;
    private static Path playbook;

    @BeforeAll
    static void createLms(TestDatabase database) throws Exception {
        db = database;
        db.executeFile("scripts/sql/lms-schema.sql", Map.of());
        db.executeFile("scripts/sql/lms-data.sql", Map.of("rows", "200"));
        db.execute("ANALYZE users; CREATE TABLE deploy_marker_staging (id int)");
        db.execute("CREATE ROLE " + WEAK_ROLE + " LOGIN; GRANT SELECT ON users TO " + WEAK_ROLE);
        playbook = Files.createTempFile("preflight", ".yaml");
        Files.writeString(playbook, Files.readString(io.pgshift.testing.RepoFiles.path("playbooks/002-users-preferences.yaml")));
    }

    @AfterAll
    static void dropRole() throws Exception {
        db.execute("DROP OWNED BY " + WEAK_ROLE + "; DROP ROLE " + WEAK_ROLE);
        Files.deleteIfExists(playbook);
    }

    private static Cli.Result preflight(String url, String... extra) {
        List<String> args = new ArrayList<>(List.of("preflight", playbook.toString(), "--database-url", url));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void theRightTargetPassesWithTheDiskEstimateAsInfoAndIsAudited() throws Exception {
        var result = preflight(db.jdbcUrlForChild(), "--expect-database", db.name(), "--expect-marker", "deploy_marker_staging");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("PASS target             connected to database " + db.name()), result.out());
        assertTrue(result.out().contains("PASS server version"), result.out());
        assertTrue(result.out().contains("PASS privileges         users: role postgres may ALTER, UPDATE, TRIGGER, SELECT"), result.out());
        assertTrue(result.out().contains("PASS replication lag"), result.out());
        assertTrue(result.out().contains("INFO disk headroom      users: ~200 rows x"), result.out());
        JsonNode audit = new ObjectMapper().readTree((String) db.queryValue("SELECT details::text FROM pgshift.audit_log"
                + " WHERE action = 'PREFLIGHT_CHECKED' ORDER BY id DESC LIMIT 1"));
        assertEquals("users-preferences", audit.at("/playbook").asText());
        assertEquals(false, audit.at("/failed").asBoolean());
    }

    @Test
    void aSessionIdleInTransactionHoldingALockOnTheTableIsAWarningNamingItsPid() throws Exception {
        try (Connection holder = db.connect(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            int pid;
            try (ResultSet rs = s.executeQuery("SELECT pg_backend_pid() FROM users LIMIT 1")) {
                rs.next();
                pid = rs.getInt(1);
            }
            var result = preflight(db.jdbcUrlForChild(), "--expect-database", db.name());
            assertEquals(0, result.exitCode(), "a warning does not fail the preflight: " + result.out() + result.err());
            assertTrue(result.out().contains("WARN blocking sessions  pid " + pid + " (application pgshift-test, user postgres,"
                    + " idle in transaction for "), result.out());
            assertTrue(result.out().contains("holds users AccessShareLock: the DDL would wait for it"), result.out());
            holder.rollback();
        }
    }

    @Test
    void theWrongExpectedDatabaseFailsWithExitThirteen() {
        var result = preflight(db.jdbcUrlForChild(), "--expect-database", "production", "--expect-marker", "deploy_marker_prod");
        assertEquals(13, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("FAIL target             connected to database " + db.name()
                + ", expected production: wrong target?"), result.out());
        assertTrue(result.out().contains("FAIL target             marker table deploy_marker_prod does not exist"), result.out());
        assertTrue(result.out().contains("FAILED: 2 fail"), result.out());
    }

    @Test
    void aRoleThatDoesNotOwnTheTableFailsThePrivilegeCheckAndJsonSaysWhy() throws Exception {
        String weak = db.url().withDatabase(db.name()).jdbcUrl().replaceAll("user=[^&]*", "user=" + WEAK_ROLE);
        var result = preflight(weak, "--format", "json", "--expect-database", db.name());
        assertEquals(13, result.exitCode(), result.out() + result.err());
        JsonNode root = new ObjectMapper().readTree(result.out());
        assertTrue(root.at("/failed").asBoolean());
        String reasons = root.at("/findings").toString();
        assertTrue(reasons.contains("users: role " + WEAK_ROLE + " lacks ALTER, UPDATE, TRIGGER, CREATE on schema public (where a"
                + " sync trigger's function is created) (owner postgres); DDL needs the owner: GRANT postgres TO " + WEAK_ROLE), reasons);
        assertTrue(reasons.contains("report not recorded in the audit log"), reasons);
    }

    /** Since PostgreSQL 15 only the database's owner may create in public: the table's owner cannot add the trigger's function. */
    @Test
    void theTablesOwnerWithoutCreateOnItsSchemaCannotInstallASyncTrigger() throws Exception {
        String owner = "preflight_owner_" + db.name().replaceAll("\\W", "_");
        db.execute("DROP ROLE IF EXISTS " + owner + "; CREATE ROLE " + owner + " LOGIN; ALTER TABLE users OWNER TO " + owner);
        try {
            String url = db.url().withDatabase(db.name()).jdbcUrl().replaceAll("user=[^&]*", "user=" + owner);
            var result = preflight(url, "--expect-database", db.name());
            assertEquals(13, result.exitCode(), result.out() + result.err());
            assertTrue(result.out().contains("FAIL privileges         users: role " + owner + " lacks CREATE on schema public"
                    + " (where a sync trigger's function is created) (owner " + owner + "); GRANT CREATE ON SCHEMA public TO "
                    + owner), result.out());
        } finally {
            db.execute("ALTER TABLE users OWNER TO postgres; DROP ROLE " + owner);
        }
    }

    @Test
    void addingAnEnumValueNeedsTheTypesOwner() throws Exception {
        db.execute("CREATE TYPE preflight_mood AS ENUM ('sad')");
        Path enumPlaybook = Files.createTempFile("preflight-enum", ".yaml");
        try {
            Files.writeString(enumPlaybook, "name: enum-preflight\nexpand:\n  - add_enum_value: {type: preflight_mood, value: ok}\n");
            var owner = Cli.run("preflight", enumPlaybook.toString(), "--database-url", db.jdbcUrlForChild());
            assertTrue(owner.out().contains("PASS privileges         type preflight_mood: role postgres may ALTER it"
                    + " (owner postgres)"), owner.out() + owner.err());
            String weak = db.url().withDatabase(db.name()).jdbcUrl().replaceAll("user=[^&]*", "user=" + WEAK_ROLE);
            var refused = Cli.run("preflight", enumPlaybook.toString(), "--database-url", weak);
            assertEquals(13, refused.exitCode(), refused.out() + refused.err());
            assertTrue(refused.out().contains("FAIL privileges         type preflight_mood: role " + WEAK_ROLE
                    + " lacks ALTER (owner postgres); ALTER TYPE needs the owner: GRANT postgres TO " + WEAK_ROLE),
                    refused.out());
        } finally {
            Files.deleteIfExists(enumPlaybook);
        }
    }
}
