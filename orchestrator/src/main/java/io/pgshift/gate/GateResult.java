package io.pgshift.gate;

import io.pgshift.audit.Disclosure;
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
        return summary(Disclosure.FULL);
    }

    /**
     * As {@link #summary()}, for the audit log and hooks: redacted, sampled values become
     * {@code <redacted: 2 values>}; sampled keys stay (see {@link Disclosure}).
     */
    public String summary(Disclosure disclosure) {
        return checks.stream().map(c -> c.violations() + " " + c.description() + samples(c, disclosure))
                .collect(Collectors.joining("; "));
    }

    private static String samples(CheckResult c, Disclosure disclosure) {
        if (c.sampleKeys().isEmpty()) {
            return "";
        }
        String shown = disclosure.redacts() && !c.samplesAreKeys() ? Disclosure.values(c.sampleKeys().size())
                : String.join(", ", c.sampleKeys());
        return " (e.g. " + c.samplesAre() + " " + shown + ")";
    }
}
