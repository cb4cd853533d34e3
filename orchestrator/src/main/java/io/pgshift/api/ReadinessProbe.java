package io.pgshift.api;

import io.pgshift.daemon.TargetNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each target's readiness in the background every {@code every}, so {@code /readyz}
 * answers from memory: a probe every second from a load balancer must not open a database
 * connection per target each time. Each target has its own thread, so a target whose database
 * hangs delays only its own check; a check that has not finished for {@link #staleAfter()} makes
 * the target not ready by itself.
 */
public final class ReadinessProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessProbe.class);
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(5);

    /** One target's last finished check: empty problem when ready. */
    private record Check(Optional<String> problem, Instant at) {
    }

    private final Collection<TargetNode> targets;
    private final Duration every;
    private final Clock clock;
    private final Map<String, Check> last = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;

    private ReadinessProbe(Collection<TargetNode> targets, Duration every, Clock clock) {
        this.targets = targets;
        this.every = every;
        this.clock = clock;
        AtomicInteger count = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(Math.max(1, targets.size()), r -> {
            Thread t = new Thread(r, "pgshift-readiness-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Checks every target once before returning, so the first {@code /readyz} already has an answer. */
    public static ReadinessProbe start(Collection<TargetNode> targets, Duration every, Clock clock) {
        ReadinessProbe probe = new ReadinessProbe(targets, every, clock);
        for (TargetNode target : targets) {
            probe.check(target);
            probe.scheduler.scheduleWithFixedDelay(() -> probe.check(target), every.toMillis(), every.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        return probe;
    }

    /** Each target's state by name, in configuration order: empty when ready, else why not. */
    public Map<String, Optional<String>> status() {
        Instant now = clock.instant();
        Map<String, Optional<String>> status = new LinkedHashMap<>();
        for (TargetNode target : targets) {
            Check check = last.get(target.name());
            if (check == null || check.at().plus(staleAfter()).isBefore(now)) {
                status.put(target.name(), Optional.of("its readiness check has not finished in the last "
                        + staleAfter().toSeconds() + " s"));
            } else {
                status.put(target.name(), check.problem());
            }
        }
        return status;
    }

    /** Three missed checks plus the check's own query timeout. */
    Duration staleAfter() {
        return every.multipliedBy(3).plusSeconds(TargetNode.READY_QUERY_TIMEOUT_SECONDS);
    }

    // the scheduler's task boundary: a failed check is a not-ready target, and the next check still runs
    private void check(TargetNode target) {
        Optional<String> problem;
        try {
            problem = target.notReady();
        } catch (RuntimeException e) {
            LOG.warn("readiness check of target {} failed", target.name(), e);
            problem = Optional.of("its readiness check failed: " + e);
        }
        last.put(target.name(), new Check(problem, clock.instant()));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
