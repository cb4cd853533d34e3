package io.pgshift.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgshift.playbook.PlaybookInvalidException;
import io.pgshift.playbook.PlaybookProblem;
import io.pgshift.playbook.parse.DefaultsParser;
import java.util.stream.Collectors;

/**
 * A target's {@code default_settings}: checked at start by the playbook parser's own rules (the
 * same keys, types and bounds as a playbook's {@code settings}, plus {@code batch} and
 * {@code throttle}), so a value a playbook could not hold is refused here too.
 */
final class DefaultSettingsConfig {
    private final ConfigValues values;

    DefaultSettingsConfig(ConfigValues values) {
        this.values = values;
    }

    /** The mapping as JSON text (what each run records), or null when absent. */
    String read(String key, JsonNode raw) {
        if (raw == null || raw.isNull()) {
            return null;
        }
        if (!raw.isObject()) {
            throw values.invalid(key, "must be a mapping of settings, e.g. {lock_timeout: 200ms, batch: {size: 500}}");
        }
        String json = raw.toString();
        try {
            new DefaultsParser().parse(key, json);
        } catch (PlaybookInvalidException e) {
            throw values.invalid(key, e.problems().stream().map(DefaultSettingsConfig::describe)
                    .collect(Collectors.joining("; ")));
        }
        return json;
    }

    private static String describe(PlaybookProblem p) {
        return p.path().isEmpty() ? p.message() : p.path() + ": " + p.message();
    }
}
