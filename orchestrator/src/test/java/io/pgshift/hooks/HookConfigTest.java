package io.pgshift.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditRecord;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HookConfigTest {
    private static final Set<AuditAction> FAILED = Set.of(AuditAction.FAILED);

    @Test
    void awaitingApprovalListensToTheApprovalRequestAndNothingElse() {
        HookConfig approvers = HookConfig.command("h", Set.of(AuditAction.AWAITING_APPROVAL), List.of("true"), null);
        assertTrue(approvers.listensTo(AuditAction.APPROVAL_REQUESTED));
        assertFalse(approvers.listensTo(AuditAction.APPROVED));
        assertFalse(HookConfig.command("h", FAILED, List.of("true"), null).listensTo(AuditAction.APPROVAL_REQUESTED));
    }

    @Test
    void needsExactlyOneOfCommandAndWebhook() {
        var both = assertThrows(IllegalArgumentException.class, () -> new HookConfig("h", FAILED, List.of("true"),
                URI.create("https://example.invalid/x"), null));
        assertTrue(both.getMessage().contains("exactly one of command"), both.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new HookConfig("h", FAILED, List.of(), null, null));
    }

    @Test
    void envAllowlistIsForCommandHooksAndHoldsVariableNamesOnly() {
        var webhook = assertThrows(IllegalArgumentException.class, () -> new HookConfig("h", FAILED, List.of(),
                URI.create("https://example.invalid/x"), null, List.of("PATH")));
        assertTrue(webhook.getMessage().contains("env is for command hooks"), webhook.getMessage());
        var bad = assertThrows(IllegalArgumentException.class,
                () -> HookConfig.command("h", FAILED, List.of("true"), null, List.of("A=B")));
        assertTrue(bad.getMessage().contains("'A=B', which is not a variable name"), bad.getMessage());
        assertEquals(List.of("PAGER_KEY"), HookConfig.command("h", FAILED, List.of("true"), null, List.of("PAGER_KEY")).env());
    }

    @Test
    void refusesEventsHooksDoNotSupportNamingTheSupportedOnes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> HookConfig.command("h", Set.of(AuditAction.HOOK_FAILED), List.of("true"), null));
        assertTrue(e.getMessage().contains("[HOOK_FAILED]") && e.getMessage().contains("SUCCEEDED"), e.getMessage());
    }

    @Test
    void refusesNonHttpWebhooksAndBadTimeouts() {
        assertThrows(IllegalArgumentException.class,
                () -> HookConfig.webhook("h", FAILED, URI.create("file:///etc/passwd"), null));
        assertThrows(IllegalArgumentException.class,
                () -> HookConfig.command("h", FAILED, List.of("true"), Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> HookConfig.command("h", FAILED, List.of("true"), Duration.ofHours(1)));
    }

    @Test
    void timeoutDefaultsToTenSeconds() {
        assertEquals(Duration.ofSeconds(10), HookConfig.command("h", FAILED, List.of("true"), null).timeout());
    }

    @Test
    void oversizedDetailsAreNotPutInTheEnvironment() {
        AuditRecord big = new AuditRecord(1, Instant.EPOCH, "a", AuditAction.SUBMITTED, null,
                Map.of("yaml", "x".repeat(HookEvent.MAX_ENV_DETAILS + 1)), null, "h");
        HookEvent event = new HookEvent(big, "prod");
        assertEquals(HookEvent.TRUNCATED_DETAILS, event.environment().get("PGSHIFT_DETAILS_JSON"));
        assertEquals("", event.environment().get("PGSHIFT_RUN_ID"));
        assertTrue(event.json().contains("\"run_id\":null"));
    }
}
