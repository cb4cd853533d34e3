package io.pgshift.gate;

import java.util.List;
import java.util.stream.Collectors;

/** Every check of one gate pass. The contract phase may start only when {@link #passed()}. */
public record GateResult(List<CheckResult> checks) {
    public GateResult {
        checks = List.copyOf(checks);
    }

    public boolean passed() {
        return checks.stream().allMatch(CheckResult::passed);
    }

    /** {@code 12 NULLs in users.preferences (e.g. keys 17, 42); 1 duplicate values of ... (e.g. values (x) in 2 rows)}. */
    public String summary() {
        return checks.stream().map(c -> c.violations() + " " + c.description()
                        + (c.sampleKeys().isEmpty() ? "" : " (e.g. " + c.samplesAre() + " "
                        + String.join(", ", c.sampleKeys()) + ")"))
                .collect(Collectors.joining("; "));
    }
}
