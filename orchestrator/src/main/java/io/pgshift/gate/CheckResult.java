package io.pgshift.gate;

import java.util.List;

/** The outcome of one gate check: how many rows violate it, and a few of their keys to look at. */
public record CheckResult(String path, String description, long violations, List<String> sampleKeys, long rowsChecked) {
    public CheckResult {
        sampleKeys = List.copyOf(sampleKeys);
    }

    public boolean passed() {
        return violations == 0;
    }
}
