package io.pgshift.ops.preflight;

import java.util.Objects;

/** One verdict of one check, with the reason an operator acts on. */
public record PreflightFinding(String check, CheckStatus status, String reason) {
    public PreflightFinding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }
}
