package io.pgshift.ops.preflight;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every finding of a preflight, in checklist order; it fails when any finding FAILs. */
public record PreflightReport(String playbook, String target, List<PreflightFinding> findings) {
    public PreflightReport {
        findings = List.copyOf(findings);
    }

    public boolean failed() {
        return findings.stream().anyMatch(f -> f.status() == CheckStatus.FAIL);
    }

    public long count(CheckStatus status) {
        return findings.stream().filter(f -> f.status() == status).count();
    }

    public String text() {
        StringBuilder sb = new StringBuilder("preflight of " + playbook + " on " + target + "\n");
        for (PreflightFinding f : findings) {
            sb.append(String.format(Locale.ROOT, "%-4s %-18s %s%n", f.status(), f.check(), f.reason()));
        }
        sb.append(String.format(Locale.ROOT, "%s: %d fail, %d warn, %d info, %d pass%n", failed() ? "FAILED" : "ok",
                count(CheckStatus.FAIL), count(CheckStatus.WARN), count(CheckStatus.INFO), count(CheckStatus.PASS)));
        return sb.toString();
    }

    /** Plain values, for JSON output and the PREFLIGHT_CHECKED audit row. */
    public Map<String, Object> values() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("playbook", playbook);
        m.put("target", target);
        m.put("failed", failed());
        m.put("findings", findings.stream().map(f -> Map.of("check", f.check(), "status", f.status().name(),
                "reason", f.reason())).toList());
        return m;
    }
}
