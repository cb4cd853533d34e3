package io.pgshift.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.daemon.boot.Daemon;
import io.pgshift.testing.PgDatabaseExtension;
import io.pgshift.testing.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An approval is recorded once. A run approved while its target's windows are closed keeps
 * waiting in AWAITING_APPROVAL: a second approver then is refused (409) and the first one stays
 * the run's approver, in the run and in the audit log.
 */
@ExtendWith(PgDatabaseExtension.class)
class ApprovalOnceIT {
    private static final String OPERATOR = "olivia-token";
    private static final String APPROVER = "abby-token";
    private static final String OTHER_APPROVER = "carl-token";

    @Test
    void aSecondApprovalOfARunStillWaitingIsRefusedAndTheFirstStands(TestDatabase db) throws Exception {
        DaemonApiIT.table(db::execute, "approved_once", 10);
        Instant opens = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(2, ChronoUnit.HOURS);
        String config = """
                listen: 127.0.0.1:0
                node: approval-once-it
                targets:
                  production:
                    url: %s
                    policy:
                      approval_required: true
                      allowed_windows: [%s]
                tokens:
                  - {name: olivia, sha256: %s, roles: [operator]}
                  - {name: abby, sha256: %s, roles: [approver]}
                  - {name: carl, sha256: %s, roles: [approver]}
                """.formatted(db.jdbcUrlForChild(), TargetPolicyIT.windowsFrom(opens, 5), ApiClient.sha256(OPERATOR),
                ApiClient.sha256(APPROVER), ApiClient.sha256(OTHER_APPROVER));
        try (Daemon daemon = TestDaemons.start(config)) {
            ApiClient api = new ApiClient(daemon.baseUrl());
            ApiClient.Reply created = api.submit("production", OPERATOR,
                    TestDaemons.doublingPlaybook("approved-once", "approved_once", "{size: 100}"));
            assertEquals(201, created.status(), created.toString());
            long runId = created.json().path("run").path("id").asLong();
            String run = "/api/v1/targets/production/runs/" + runId;

            ApiClient.Reply first = api.post(run + "/approve", APPROVER, null, "");
            assertEquals(200, first.status(), first.toString());
            ApiClient.Reply second = api.post(run + "/approve", OTHER_APPROVER, null, "");
            assertEquals(409, second.status(), second.toString());
            assertEquals("RUN_CONFLICT", second.json().path("code").asText(), second.toString());
            assertEquals("abby", second.json().path("approved_by").asText(), second.toString());
            assertTrue(second.json().path("error").asText().contains("already approved by 'abby'"), second.toString());

            JsonNode now = api.get(run, APPROVER).json();
            assertEquals("AWAITING_APPROVAL", now.path("state").asText(), "still waiting for its window: " + now);
            assertEquals("abby", now.path("approved_by").asText(), now.toString());
            assertEquals(1, db.queryLong("SELECT count(*) FROM pgshift.audit_log WHERE action = 'APPROVED' AND run_id = "
                    + runId), "one approval audited");
            assertEquals("abby", db.queryValue("SELECT actor FROM pgshift.audit_log WHERE action = 'APPROVED' AND run_id = "
                    + runId));
        }
    }
}
