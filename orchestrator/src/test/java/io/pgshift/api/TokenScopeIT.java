package io.pgshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.daemon.PublishedTokenException;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.ops.SiblingDatabase;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tokens limited to some targets ({@code targets: [staging]}) on a daemon serving staging and
 * production: every request on production is 403, reads included, lists over every target show
 * staging only, and nothing is created on production; tokens without {@code targets} keep every
 * target. A token hash published in pgshift's examples stops the daemon before it starts.
 */
@ExtendWith(PgDatabaseExtension.class)
class TokenScopeIT {
    private static final String OPERATOR = "olivia-token";
    private static final String VIEWER = "victor-token";
    private static final String STAGING_VIEWER = "stan-token";
    private static final String STAGING_OPERATOR = "sonia-token";

    private static TestDatabase staging;
    private static SiblingDatabase production;
    private static Daemon daemon;
    private static ApiClient api;
    private static long productionRun;

    @BeforeAll
    static void start(TestDatabase db) throws Exception {
        staging = db;
        production = SiblingDatabase.create(db, "prod");
        DaemonApiIT.table(staging::execute, "scoped", 10);
        DaemonApiIT.table(production::execute, "scoped", 10);
        daemon = TestDaemons.start(config(db.jdbcUrlForChild(), production.jdbcUrl(), ApiClient.sha256(OPERATOR)));
        api = new ApiClient(daemon.baseUrl());
        ApiClient.Reply created = api.submit("production", OPERATOR, TestDaemons.doublingPlaybook("scoped-prod", "scoped",
                "{size: 100}"));
        assertEquals(201, created.status(), created.toString());
        productionRun = created.json().path("run").path("id").asLong();
        api.awaitState("production", productionRun, OPERATOR, "SUCCEEDED", 60);
    }

    private static String config(String stagingUrl, String productionUrl, String operatorHash) {
        return TestDaemons.twoTargets("token-scope-it", stagingUrl, productionUrl, """
                  - {name: olivia, sha256: %s, roles: [operator]}
                  - {name: victor, sha256: %s, roles: [viewer]}
                  - {name: stan, sha256: %s, roles: [viewer], targets: [staging]}
                  - {name: sonia, sha256: %s, roles: [viewer, operator, approver], targets: [staging]}
                """.formatted(operatorHash, ApiClient.sha256(VIEWER), ApiClient.sha256(STAGING_VIEWER),
                ApiClient.sha256(STAGING_OPERATOR)));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
        production.close();
    }

    private static void forbidden(ApiClient.Reply reply, String what) {
        assertEquals(403, reply.status(), what + ": " + reply);
        assertEquals("FORBIDDEN", reply.json().path("code").asText(), what + ": " + reply);
        assertTrue(reply.json().path("error").asText().contains("may act only on the targets staging, not on 'production'"),
                what + ": " + reply);
    }

    @Test
    void aTokenLimitedToStagingReadsNothingOfProduction() {
        String prod = "/api/v1/targets/production";
        for (String token : List.of(STAGING_VIEWER, STAGING_OPERATOR)) {
            forbidden(api.get(prod + "/runs/" + productionRun, token), "run");
            forbidden(api.get(prod + "/runs/999999", token), "a run that does not exist either");
            forbidden(api.get(prod + "/audit", token), "audit");
            forbidden(api.get(prod + "/audit/export", token), "audit export");
            forbidden(api.get(prod + "/audit/verify", token), "audit verify");
            forbidden(api.get(prod + "/baseline", token), "baseline");
            forbidden(api.post(prod + "/plan", token, "application/yaml", "name: p\nexpand: []\n"), "plan");
            forbidden(api.post(prod + "/preflight", token, "application/yaml", "name: p\nexpand: []\n"), "preflight");
            forbidden(api.get("/api/v1/runs?target=production", token), "runs of production");
            forbidden(api.get("/api/v1/schema/diff?from=staging&to=production", token), "schema diff");
            forbidden(api.get("/api/v1/schema/diff?from=production&to=staging", token), "schema diff");

            ApiClient.Reply offered = api.get("/api/v1/targets", token);
            assertEquals("[\"staging\"]", offered.json().path("targets").toString(), offered.toString());
            assertEquals(false, offered.json().path("all_targets").asBoolean(), offered.toString());
            ApiClient.Reply runs = api.get("/api/v1/runs", token);
            assertEquals(200, runs.status(), runs.toString());
            runs.json().path("runs").forEach(r -> assertEquals("staging", r.path("target").asText(), runs.toString()));
            ApiClient.Reply status = api.get("/api/v1/status", token);
            assertEquals(200, status.status(), status.toString());
            assertEquals(List.of("staging"), names(status.json().path("targets")), status.toString());
            assertEquals(200, api.get("/api/v1/targets/staging/audit", token).status());
        }
    }

    @Test
    void aTokenLimitedToStagingChangesNothingInProduction() {
        String prod = "/api/v1/targets/production";
        long runsBefore = production.queryLong("SELECT count(*) FROM pgshift.run");
        long auditBefore = production.queryLong("SELECT count(*) FROM pgshift.audit_log");
        forbidden(api.submit("production", STAGING_OPERATOR, TestDaemons.doublingPlaybook("nope", "scoped", "{size: 100}")),
                "submit");
        for (String action : List.of("pause", "resume", "cancel", "approve", "rollback", "complete", "cleanup")) {
            forbidden(api.post(prod + "/runs/" + productionRun + "/" + action, STAGING_OPERATOR, null, ""), action);
        }
        forbidden(api.method("PATCH", prod + "/runs/" + productionRun + "/backfill", STAGING_OPERATOR, "{\"pause_ms\": 1}"),
                "backfill knobs");
        forbidden(api.method("POST", prod + "/baseline", STAGING_OPERATOR, "{}"), "baseline");
        forbidden(api.method("POST", prod + "/backups", STAGING_OPERATOR, "{\"tables\": [\"scoped\"]}"), "backup");
        assertEquals(runsBefore, production.queryLong("SELECT count(*) FROM pgshift.run"), "no run created");
        assertEquals(auditBefore, production.queryLong("SELECT count(*) FROM pgshift.audit_log"), "nothing audited");

        ApiClient.Reply own = api.submit("staging", STAGING_OPERATOR, TestDaemons.doublingPlaybook("scoped-staging",
                "scoped", "{size: 100}"));
        assertEquals(201, own.status(), "its own target it may change: " + own);
    }

    @Test
    void theCliWithATokenLimitedToStagingIsRefusedProductionWithExitFourteen() {
        io.pgshift.cli.Cli.Result refused = io.pgshift.cli.Cli.run("history", "--server", daemon.baseUrl(), "--token",
                STAGING_VIEWER, "--target", "production");
        assertEquals(14, refused.exitCode(), refused.toString());
        assertTrue(refused.firstErrorLine().contains("may act only on the targets staging"), refused.err());
        io.pgshift.cli.Cli.Result own = io.pgshift.cli.Cli.run("history", "--server", daemon.baseUrl(), "--token",
                STAGING_VIEWER, "--target", "staging");
        assertEquals(0, own.exitCode(), own.toString());
    }

    @Test
    void tokensWithoutTargetsKeepEveryTarget() {
        assertEquals("[\"staging\",\"production\"]", api.get("/api/v1/targets", VIEWER).json().path("targets")
                .toString());
        assertEquals(200, api.get("/api/v1/targets/production/runs/" + productionRun, VIEWER).status());
        ApiClient.Reply status = api.get("/api/v1/status", VIEWER);
        assertEquals(List.of("staging", "production"), names(status.json().path("targets")), status.toString());
        ApiClient.Reply diff = api.get("/api/v1/schema/diff?from=staging&to=production", VIEWER);
        assertEquals(200, diff.status(), diff.toString());
        ApiClient.Reply runs = api.get("/api/v1/runs?target=production", VIEWER);
        assertEquals(productionRun, runs.json().path("runs").get(0).path("id").asLong(), runs.toString());
    }

    @Test
    void unknownTargetsAreStillNotFoundForTokensOfEveryTarget() {
        assertEquals(404, api.get("/api/v1/targets/qa/audit", VIEWER).status());
        assertEquals(404, api.get("/api/v1/runs?target=qa", VIEWER).status());
        assertEquals(403, api.get("/api/v1/runs?target=qa", STAGING_VIEWER).status(), "not the scoped token's target");
    }

    @Test
    void aTokenHashPublishedInTheExamplesStopsTheDaemonBeforeItStarts() {
        // the SHA-256 of "secret", which scripts/daemon/pgshift-daemon.yaml once shipped for alice
        PublishedTokenException e = assertThrows(PublishedTokenException.class, () -> TestDaemons.start(
                config(staging.jdbcUrlForChild(), production.jdbcUrl(),
                        "2bb80d537b1da3e38bd30361aa855686bde0eacd7162fef6a25fe97bf527a25b")));
        assertTrue(e.getMessage().contains("'tokens[0].sha256' (token 'olivia') is the hash of a token published"),
                e.getMessage());
    }

    private static List<String> names(JsonNode targets) {
        List<String> names = new ArrayList<>();
        targets.forEach(t -> names.add(t.path("name").asText()));
        return names;
    }
}
