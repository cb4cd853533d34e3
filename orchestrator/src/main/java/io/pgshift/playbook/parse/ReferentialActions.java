package io.pgshift.playbook.parse;

import io.pgshift.playbook.ReferentialAction;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Reads {@code on_delete}: {@code no action}, {@code set null}, … (underscores accepted). */
final class ReferentialActions {
    private static final List<String> NAMES =
            Arrays.stream(ReferentialAction.values()).map(ReferentialAction::yamlName).toList();

    private ReferentialActions() {
    }

    static ReferentialAction onDelete(StrictMap m) {
        String name = m.choice("on_delete", ReferentialAction.NO_ACTION.yamlName(), NAMES);
        return ReferentialAction.valueOf(name.toUpperCase(Locale.ROOT).replace(' ', '_'));
    }
}
