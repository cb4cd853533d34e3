package io.pgshift.playbook.parse;

import io.pgshift.playbook.ClaimedName;
import io.pgshift.playbook.SourceLocation;
import java.util.HashMap;
import java.util.Map;

/**
 * Names the playbook creates or touches, per kind, to catch a second claim of the same one
 * (the second is reported, pointing back at the first's line).
 */
final class DuplicateNames {
    private record Key(ClaimedName kind, String name) {
    }

    private final ParseContext ctx;
    private final Map<Key, SourceLocation> firsts = new HashMap<>();

    DuplicateNames(ParseContext ctx) {
        this.ctx = ctx;
    }

    /** Records {@code name}; when it was claimed before, reports a problem at {@code at}. Null names are ignored. */
    void claim(ClaimedName kind, String name, SourceLocation at, String path) {
        if (name == null) {
            return;
        }
        SourceLocation first = firsts.putIfAbsent(new Key(kind, name), at);
        if (first != null) {
            ctx.problem(at, path, "duplicate " + kind.label() + " '" + name + "' (first at line " + first.line() + ")");
        }
    }
}
