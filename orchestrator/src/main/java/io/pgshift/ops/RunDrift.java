package io.pgshift.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares the targets' runs. Targets are given in promotion order (staging before
 * production), so "applied in production but not in staging" names the dangerous direction.
 * A playbook running or failed everywhere is not drift: it is work in progress.
 */
public final class RunDrift {
    private RunDrift() {
    }

    public static List<Drift> find(List<TargetRuns> targets) {
        Set<String> names = new LinkedHashSet<>();
        targets.forEach(t -> names.addAll(t.playbooks().keySet()));
        List<Drift> drifts = new ArrayList<>();
        for (String name : names) {
            List<TargetRuns> applied = targets.stream().filter(t -> t.presence(name) == Presence.APPLIED).toList();
            List<TargetRuns> others = targets.stream().filter(t -> t.presence(name) != Presence.APPLIED).toList();
            if (!applied.isEmpty() && !others.isEmpty()) {
                drifts.add(new Drift(name, Drift.Kind.NOT_APPLIED_EVERYWHERE, "applied in " + names(applied)
                        + " but not in " + others.stream().map(t -> t.target().name() + " ("
                        + t.presence(name).name().toLowerCase(java.util.Locale.ROOT) + ")").collect(Collectors.joining(", "))));
            }
            Map<String, List<String>> byChecksum = new LinkedHashMap<>();
            for (TargetRuns t : applied) {
                byChecksum.computeIfAbsent(t.status(name).orElseThrow().shortChecksum(), k -> new ArrayList<>())
                        .add(t.target().name());
            }
            if (byChecksum.size() > 1) {
                drifts.add(new Drift(name, Drift.Kind.CHECKSUM_DIFFERS, "applied with different content: "
                        + byChecksum.entrySet().stream().map(e -> String.join(", ", e.getValue()) + " " + e.getKey())
                        .collect(Collectors.joining(" vs "))));
            }
        }
        return drifts;
    }

    private static String names(List<TargetRuns> targets) {
        return targets.stream().map(t -> t.target().name()).collect(Collectors.joining(", "));
    }
}
