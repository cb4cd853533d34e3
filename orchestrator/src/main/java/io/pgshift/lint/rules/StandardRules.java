package io.pgshift.lint.rules;

import io.pgshift.lint.LintRule;
import io.pgshift.lint.Linter;
import io.pgshift.lint.sql.RawSqlClassifier;
import java.time.Clock;
import java.util.List;

/** Every rule pgshift lints with, documented in docs/LINT_RULES.md. A new rule must be listed here. */
public final class StandardRules {
    private StandardRules() {
    }

    public static List<LintRule> all(Clock clock) {
        RawSqlClassifier classifier = new RawSqlClassifier();
        return List.of(
                new ExpandNotNullColumnRule(),
                new ExpandVolatileDefaultRule(),
                new RawSqlAccessExclusiveRule(classifier),
                new RawSqlRewriteRule(classifier),
                new RawSqlIndexNotConcurrentRule(classifier),
                new RawSqlConstraintValidatedRule(classifier),
                new RawSqlColumnTypeChangeRule(classifier),
                new RawSqlSetNotNullRule(classifier),
                new RawSqlNotNullColumnRule(classifier),
                new RawSqlWholeTableWriteRule(classifier),
                new RawSqlDestructiveRule(classifier),
                new RawSqlDropDatabaseRule(classifier),
                new RawSqlDomainConstraintRule(classifier),
                new RawSqlRenameRule(classifier),
                new RawSqlLockTableRule(classifier),
                new RawSqlUnrecognisedRule(classifier),
                new ContractUncoveredColumnRule(),
                new ContractPartialBackfillRule(),
                new ContractOldInsertsOmitColumnRule(),
                new ContractOldInsertsNeedTriggerRule(),
                new ContractDropLosesDataRule(),
                new ContractDropStillUsedRule(),
                new BackfillNoEffectRule(),
                new BackfillReadsItsOwnColumnRule(),
                new BackfillKeepInSyncMissingRule(),
                new BackfillFromWithoutKeepInSyncRule(),
                new BackfillFromUnfilledSourceRule(),
                new ScheduleNeverFiresRule(clock));
    }

    public static Linter linter(Clock clock) {
        return new Linter(all(clock));
    }
}
