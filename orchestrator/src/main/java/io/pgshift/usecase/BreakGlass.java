package io.pgshift.usecase;

import java.util.List;

/**
 * A local apply going past what its target's policy asks and it cannot give (an approval, a
 * backup), told to by {@code --break-glass --reason "…"}: recorded in the new run's audit trail.
 *
 * @param reason   why, in the operator's words
 * @param policy   the target's policy, described
 * @param bypassed what the policy asked that was skipped
 */
public record BreakGlass(String reason, String policy, List<String> bypassed) {
    public BreakGlass {
        bypassed = List.copyOf(bypassed);
    }
}
