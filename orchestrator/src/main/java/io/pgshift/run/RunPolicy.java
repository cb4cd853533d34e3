package io.pgshift.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pgshift.audit.Disclosure;
import io.pgshift.backfill.Schedule;
import io.pgshift.backfill.Window;
import io.pgshift.backfill.Windows;
import io.pgshift.json.Mappers;
import io.pgshift.playbook.PlaybookDefaults;
import io.pgshift.playbook.parse.DefaultsParser;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a target's policy imposes on a run: settings for what its playbook leaves out, and the
 * windows in which it may touch the target. Recorded with the run when it is created, so every
 * node drives it alike whatever its own configuration says, and a run keeps the rules it was
 * submitted (and approved) under.
 *
 * @param defaultSettings the target's {@code default_settings} as JSON, or null for the built-in defaults
 * @param allowedWindows  when DDL, backfill batches and gate scans may run; empty means any time
 * @param holdBeforeContract the submitter asked for a hold before contract ({@code apply
 *                           --hold-before-contract}), whatever the playbook's own setting
 * @param disclosure      whether the run's audit rows and hook events may quote gate samples and
 *                        other sessions' queries (the target's {@code audit_samples}, {@code apply
 *                        --audit-samples}); redacted by default
 */
public record RunPolicy(String defaultSettings, List<Schedule> allowedWindows, boolean holdBeforeContract,
                        Disclosure disclosure) {
    public static final RunPolicy NONE = new RunPolicy(null, List.of());

    public RunPolicy {
        allowedWindows = List.copyOf(allowedWindows);
        disclosure = disclosure == null ? Disclosure.REDACTED : disclosure;
    }

    public RunPolicy(String defaultSettings, List<Schedule> allowedWindows, boolean holdBeforeContract) {
        this(defaultSettings, allowedWindows, holdBeforeContract, Disclosure.REDACTED);
    }

    public RunPolicy(String defaultSettings, List<Schedule> allowedWindows) {
        this(defaultSettings, allowedWindows, false);
    }

    /** This policy, also holding the run before contract. */
    public RunPolicy withHoldBeforeContract() {
        return new RunPolicy(defaultSettings, allowedWindows, true, disclosure);
    }

    /** This policy, its audit rows and hook events quoting samples and queries in full. */
    public RunPolicy withAuditSamples() {
        return new RunPolicy(defaultSettings, allowedWindows, holdBeforeContract, Disclosure.FULL);
    }

    public PlaybookDefaults defaults() {
        return defaultSettings == null ? PlaybookDefaults.BUILT_IN
                : new DefaultsParser().parse("default_settings", defaultSettings);
    }

    /** The allowed windows as one window, or empty when the run may work at any time. */
    public Optional<Window> window() {
        return Windows.of(Optional.empty(), allowedWindows);
    }

    public boolean isNone() {
        return defaultSettings == null && allowedWindows.isEmpty() && !holdBeforeContract && disclosure.redacts();
    }

    /** The stored form; null for {@link #NONE}. */
    public String toJson() {
        if (isNone()) {
            return null;
        }
        ObjectNode root = Mappers.JSON.createObjectNode();
        if (defaultSettings != null) {
            root.set("default_settings", read(defaultSettings));
        }
        ArrayNode windows = root.putArray("allowed_windows");
        allowedWindows.forEach(w -> windows.addObject().put("cron", w.cron()).put("time_zone", w.zone().getId()));
        if (holdBeforeContract) {
            root.put("hold_before_contract", true);
        }
        if (!disclosure.redacts()) {
            root.put("audit_samples", true);
        }
        return root.toString();
    }

    public static RunPolicy fromJson(String json) {
        if (json == null) {
            return NONE;
        }
        JsonNode root = read(json);
        List<Schedule> windows = new ArrayList<>();
        root.path("allowed_windows").forEach(w -> windows.add(new Schedule(w.get("cron").asText(),
                ZoneId.of(w.get("time_zone").asText()))));
        JsonNode defaults = root.get("default_settings");
        return new RunPolicy(defaults == null || defaults.isNull() ? null : defaults.toString(), windows,
                root.path("hold_before_contract").asBoolean(false),
                root.path("audit_samples").asBoolean(false) ? Disclosure.FULL : Disclosure.REDACTED);
    }

    private static JsonNode read(String json) {
        try {
            return Mappers.JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("stored run policy is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
