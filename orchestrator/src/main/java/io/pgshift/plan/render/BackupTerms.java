package io.pgshift.plan.render;

import java.util.List;

/**
 * The backup a run of the playbook gets before it expands, as the target's stored policy decides
 * it: whether one is required (and its restore verified), and the tables it would cover (those
 * of the playbook that exist already: a table the run creates holds nothing to save).
 *
 * @param policy the policy in words ({@code approval required, backup required}), or {@code none}
 */
public record BackupTerms(boolean required, boolean verifyRestore, String policy, List<String> tables) {
    public static final BackupTerms NONE = new BackupTerms(false, false, "none", List.of());

    public BackupTerms {
        tables = List.copyOf(tables);
    }
}
