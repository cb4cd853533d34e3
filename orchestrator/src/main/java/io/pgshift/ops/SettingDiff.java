package io.pgshift.ops;

import io.pgshift.ops.SchemaDifference.Change;
import io.pgshift.ops.SchemaDifference.ObjectKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Compares the {@link RunSettings} of both sides, in their order: one CHANGED difference per value that differs. */
public final class SettingDiff {
    private SettingDiff() {
    }

    public static List<SchemaDifference> compare(Map<String, String> from, Map<String, String> to) {
        List<SchemaDifference> out = new ArrayList<>();
        LinkedHashSet<String> names = new LinkedHashSet<>(from.keySet());
        names.addAll(to.keySet());
        for (String name : names) {
            if (!Objects.equals(from.get(name), to.get(name))) {
                out.add(new SchemaDifference(Change.CHANGED, ObjectKind.SETTING, null, name, "value", from.get(name),
                        to.get(name)));
            }
        }
        return out;
    }
}
