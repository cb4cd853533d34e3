package io.pgshift.plan;

import java.util.List;

/** The whole dry run: every step pgshift will take, in order, with the settings that bound them. */
public record Plan(String playbook, String checksum, String database, String serverVersion,
                   io.pgshift.playbook.Settings settings, List<PlannedStep> steps) {
    public Plan {
        steps = List.copyOf(steps);
    }

    public List<PlannedStep> phase(Phase phase) {
        return steps.stream().filter(s -> s.phase() == phase).toList();
    }

    /** The paths of the playbook steps whose effect the catalog already showed. */
    public java.util.Set<String> presentPaths() {
        return steps.stream().filter(PlannedStep::present).map(PlannedStep::path)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
