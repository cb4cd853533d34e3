package io.pgshift.gate;

import java.util.List;

/**
 * The outcome of one gate check: how many rows violate it, and a few of their keys (or, for
 * duplicates, duplicated values with their row counts) to look at; {@code samplesAre} says which.
 */
public record CheckResult(String path, String description, long violations, List<String> sampleKeys, long rowsChecked,
                          String samplesAre) {
    public CheckResult {
        sampleKeys = List.copyOf(sampleKeys);
        // gate reports stored before samples were labelled held keys only
        samplesAre = samplesAre == null ? "keys" : samplesAre;
    }

    public boolean passed() {
        return violations == 0;
    }
}
