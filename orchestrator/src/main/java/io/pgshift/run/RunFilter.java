package io.pgshift.run;

import java.util.Set;

/**
 * Which runs {@link RunStore#list} returns: states (empty: any) and playbook name (null: any).
 */
public record RunFilter(Set<RunState> states, String playbookName) {
    public static final RunFilter ALL = new RunFilter(Set.of(), null);

    public RunFilter {
        states = Set.copyOf(states);
    }

    public static RunFilter inStates(RunState... states) {
        return new RunFilter(Set.of(states), null);
    }
}
