package io.pgshift.run;

import java.time.Instant;

/**
 * Why a run in a working state is not working right now (outside its target's allowed windows),
 * and until when; {@code until} is null when nothing says it will ever go on.
 */
public record Waiting(String reason, Instant until) {
}
