package io.pgshift.catalog;

/**
 * Replays one expand or contract step over the virtual schema: each operation type knows its
 * own effect (the catalog knows none of them, so it depends on no operation).
 */
@FunctionalInterface
public interface StepSimulator {
    void simulate(SimulationScope sim, String path, Object step);
}
