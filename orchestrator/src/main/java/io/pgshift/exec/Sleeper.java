package io.pgshift.exec;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Waits between attempts; injected so that tests of the retry policy never sleep. */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = d -> TimeUnit.NANOSECONDS.sleep(d.toNanos());

    /** Waits for {@code d}; throws as soon as the thread is interrupted. */
    void sleep(Duration d) throws InterruptedException;
}
