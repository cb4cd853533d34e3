package io.pgshift.gate;

import java.util.List;

/**
 * The outcome of one gate check: how many rows it counted (for a constraint, the rows that
 * violate it), the count it passes with, and a few of their keys (or, for duplicates, duplicated
 * values with their row counts) to look at; {@code samplesAre} says which.
 */
public record CheckResult(String path, String description, long violations, List<String> sampleKeys, long rowsChecked,
                          String samplesAre, long expected) {
    public CheckResult {
        sampleKeys = List.copyOf(sampleKeys);
        // gate reports stored before samples were labelled held keys only
        samplesAre = samplesAre == null ? "keys" : samplesAre;
        // and those stored before verify steps expected 0 (a missing field reads as 0)
    }

    /** Samples are keys of counted rows, not values found in them (duplicates, unconvertible values). */
    public boolean samplesAreKeys() {
        return "keys".equals(samplesAre);
    }

    public boolean passed() {
        return violations == expected;
    }
}
