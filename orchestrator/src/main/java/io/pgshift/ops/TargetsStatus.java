package io.pgshift.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Every target's playbooks side by side, and the drift between them; renders as text or JSON. */
public record TargetsStatus(List<TargetRuns> targets, List<Drift> drifts) {
    public TargetsStatus {
        targets = List.copyOf(targets);
        drifts = List.copyOf(drifts);
    }

    public static TargetsStatus of(List<TargetRuns> targets) {
        return new TargetsStatus(targets, RunDrift.find(targets));
    }

    public boolean drifted() {
        return !drifts.isEmpty();
    }

    private Set<String> playbookNames() {
        Set<String> names = new LinkedHashSet<>();
        targets.forEach(t -> names.addAll(t.playbooks().keySet()));
        return names;
    }

    /** One row per playbook, one column per target: {@code applied a1b2c3d4e5f6 (run 3)}. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-30s", "playbook"));
        targets.forEach(t -> sb.append(String.format(Locale.ROOT, " %-34s", t.target().name())));
        sb.append('\n');
        for (String name : playbookNames()) {
            sb.append(String.format(Locale.ROOT, "%-30s", name));
            for (TargetRuns t : targets) {
                String cell = t.status(name).map(s -> s.presence().name().toLowerCase(Locale.ROOT)
                        + (s.presence() == Presence.APPLIED ? "" : "/" + s.state()) + " " + s.shortChecksum()
                        + " (run " + s.runId() + ")").orElse("absent");
                sb.append(String.format(Locale.ROOT, " %-34s", cell));
            }
            sb.append('\n');
        }
        if (playbookNames().isEmpty()) {
            sb.append("(no runs in any target)\n");
        }
        sb.append('\n');
        if (drifts.isEmpty()) {
            sb.append("no drift: every applied playbook is applied everywhere with the same checksum\n");
        }
        for (Drift d : drifts) {
            sb.append("DRIFT ").append(d.playbook()).append(": ").append(d.reason()).append('\n');
        }
        return sb.toString();
    }

    public String json() {
        return PlainJson.write(values());
    }

    /** Plain values: for {@link #json()} and the API's {@code GET /api/v1/status}. */
    public Map<String, Object> values() {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> ts = new ArrayList<>();
        for (TargetRuns t : targets) {
            Map<String, Object> target = new LinkedHashMap<>();
            target.put("name", t.target().name());
            target.put("url", t.target().url().toString());
            List<Object> playbooks = new ArrayList<>();
            for (PlaybookStatus s : t.playbooks().values()) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("playbook", s.playbook());
                p.put("presence", s.presence().name());
                p.put("state", s.state().name());
                p.put("checksum", s.checksum());
                p.put("run", s.runId());
                playbooks.add(p);
            }
            target.put("playbooks", playbooks);
            ts.add(target);
        }
        root.put("targets", ts);
        root.put("drifted", drifted());
        root.put("drift", drifts.stream().map(d -> Map.of("playbook", d.playbook(), "kind", d.kind().name(),
                "reason", d.reason())).toList());
        return root;
    }
}
