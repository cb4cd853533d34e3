package io.pgshift.playbook.parse;

import io.pgshift.playbook.PlaybookDefaults;
import io.pgshift.playbook.PlaybookInvalidException;
import io.pgshift.playbook.Settings;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Reads a target's {@code default_settings}: the keys of a playbook's {@code settings} plus
 * {@code batch} and {@code throttle} for its backfills, checked exactly as in a playbook (same
 * types, same bounds), each key left out keeping the built-in default.
 */
public final class DefaultsParser {
    private static final String[] KEYS = Stream.concat(Arrays.stream(SettingsParser.KEYS), Stream.of("batch", "throttle"))
            .toArray(String[]::new);

    /**
     * @param file shown in problems (e.g. the configuration key the mapping came from)
     * @param text the mapping as YAML or JSON
     * @throws PlaybookInvalidException listing every problem, with its path inside the mapping
     */
    public PlaybookDefaults parse(String file, String text) {
        ParseContext ctx = new ParseContext(file);
        PlaybookDefaults defaults = YamlTree.read(ctx, text).map(root -> read(ctx, root)).orElse(PlaybookDefaults.BUILT_IN);
        if (ctx.hasProblems()) {
            throw new PlaybookInvalidException(ctx.problems());
        }
        return defaults;
    }

    private static PlaybookDefaults read(ParseContext ctx, YamlNode root) {
        StrictMap m = StrictMap.of(ctx, root, "", root.location(), KEYS);
        PlaybookDefaults d = PlaybookDefaults.BUILT_IN;
        // the settings keys sit at the top level here, as they would under a playbook's settings:
        Settings settings = SettingsParser.parse(m, d.settings());
        return new PlaybookDefaults(settings, BackfillParser.batch(m.optionalMap("batch", BackfillParser.BATCH_KEYS), d.batch()),
                BackfillParser.throttle(m.optionalMap("throttle", BackfillParser.THROTTLE_KEYS), d.throttle()));
    }
}
