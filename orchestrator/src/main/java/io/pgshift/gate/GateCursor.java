package io.pgshift.gate;

import java.util.List;

/**
 * Where a chunked check stopped: the last key counted (as text, bound back with a cast), the
 * violations and rows so far, the samples found. Persisted after every chunk so a crashed or
 * paused gate resumes instead of rescanning a big table.
 */
public record GateCursor(List<String> lastKey, long violations, long rowsChecked, List<String> samples, boolean done) {
    public static final GateCursor START = new GateCursor(List.of(), 0, 0, List.of(), false);

    public GateCursor {
        lastKey = List.copyOf(lastKey);
        samples = List.copyOf(samples);
    }
}
