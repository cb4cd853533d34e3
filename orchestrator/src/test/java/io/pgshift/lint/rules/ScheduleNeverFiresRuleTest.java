package io.pgshift.lint.rules;

import static io.pgshift.lint.PlaybookFixture.fill;
import static io.pgshift.lint.PlaybookFixture.playbook;
import static io.pgshift.lint.PlaybookFixture.scheduled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgshift.lint.Finding;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleNeverFiresRuleTest {
    private final ScheduleNeverFiresRule rule =
            new ScheduleNeverFiresRule(Clock.fixed(Instant.parse("2030-06-01T00:00:00Z"), ZoneOffset.UTC));

    @Test
    void flagsCronThatCannotFireAgain() {
        List<Finding> findings = rule.check(playbook()
                .backfill(scheduled(fill("users", "a", "1"), "0 0 0 30 2 ?", "UTC"),
                        scheduled(fill("users", "b", "1"), "0 * 22-23 ? * * 2029", "Asia/Baku"))
                .build());

        assertEquals(List.of("backfill[0].schedule.cron", "backfill[1].schedule.cron"),
                findings.stream().map(Finding::path).toList());
    }

    @Test
    void acceptsCronThatFiresAgain() {
        assertEquals(List.of(), rule.check(playbook()
                .backfill(scheduled(fill("users", "a", "1"), "0 * 22-23,0-5 ? * *", "Asia/Baku"),
                        scheduled(fill("users", "b", "1"), "0 0 1 ? * SAT 2031", "UTC"),
                        fill("users", "c", "1"))
                .build()));
    }

    @Test
    void flagsCronThatIsNotQuartzSyntax() {
        List<Finding> findings = rule.check(playbook()
                .backfill(scheduled(fill("users", "a", "1"), "* * * * *", "UTC")).build());

        assertEquals(1, findings.size());
        assertTrue(findings.get(0).message().contains("not a Quartz cron expression"), findings.get(0).message());
    }
}
