package io.pgshift.lint.sql;

import io.pgshift.plan.LockMode;
import io.pgshift.plan.TableImpact;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The cost of one part of a statement (an ALTER TABLE action, one of several statements);
 * parts combine to the worst.
 */
record Action(LockMode lock, TableImpact impact, Set<Danger> dangers) {
    static final Action NOTHING = new Action(LockMode.NONE, TableImpact.METADATA, Set.of());

    static Action of(LockMode lock, TableImpact impact, Danger... dangers) {
        return new Action(lock, impact, dangers.length == 0 ? Set.of() : EnumSet.of(dangers[0], dangers));
    }

    Action with(Action other) {
        EnumSet<Danger> all = EnumSet.noneOf(Danger.class);
        all.addAll(dangers);
        all.addAll(other.dangers);
        LockMode strongest = lock.compareTo(other.lock) >= 0 ? lock : other.lock;
        return new Action(strongest, worse(impact, other.impact), all);
    }

    List<Danger> dangerList() {
        return List.copyOf(dangers);
    }

    /** A known rewrite outranks "unknown": it is certainly that bad. */
    static TableImpact worse(TableImpact a, TableImpact b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(TableImpact impact) {
        return switch (impact) {
            case METADATA -> 0;
            case ROWS -> 1;
            case SCAN -> 2;
            case UNKNOWN -> 3;
            case REWRITE -> 4;
        };
    }
}
