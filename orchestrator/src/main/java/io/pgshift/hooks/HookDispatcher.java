package io.pgshift.hooks;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgshift.audit.AuditAction;
import io.pgshift.audit.AuditEntry;
import io.pgshift.audit.AuditLog;
import io.pgshift.audit.AuditObserver;
import io.pgshift.audit.AuditRecord;
import io.pgshift.db.Connections;
import io.pgshift.db.DatabaseUrl;
import io.pgshift.metrics.MetricNames;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured hooks of one target on the audit events they listen to. Observing an
 * append only queues work: hooks run on a small bounded pool, so the engine never waits for
 * them (a full queue drops the hook, logged and counted). Each hook run is a task boundary: a
 * failure, timeout or crash is logged, counted ({@code pgshift.hook.failures}) and audited as
 * HOOK_FAILED (from the hook thread, on its own connection: the appender may still hold the
 * audit chain's lock), and never reaches the run.
 *
 * <p>No loops: HOOK_FAILED is never an event a hook may listen to ({@link HookConfig#EVENTS}),
 * and it is ignored here as well, so {@code failures} may be the very log this dispatcher observes.
 */
public final class HookDispatcher implements AuditObserver, AutoCloseable {
    static final int THREADS = 4;
    static final int QUEUE = 256;
    private static final Logger LOG = LoggerFactory.getLogger(HookDispatcher.class);

    private final List<HookConfig> hooks;
    private final String target;
    private final DatabaseUrl url;
    private final AuditLog failures;
    private final MeterRegistry registry;
    private final ThreadPoolExecutor pool;
    private final Webhook webhook;
    private final Map<String, String> daemonEnv;

    /**
     * Command hooks take PATH, HOME, LANG and their {@code env:} allowlist from the daemon's own
     * environment, read once here.
     *
     * @param target   the target's name, given to hooks as PGSHIFT_TARGET and used as a metric tag
     * @param url      the target database, where hook failures are audited
     * @param failures the audit log that records HOOK_FAILED
     */
    public HookDispatcher(List<HookConfig> hooks, String target, DatabaseUrl url, AuditLog failures,
                          MeterRegistry registry) {
        this.daemonEnv = Map.copyOf(System.getenv());
        this.hooks = List.copyOf(hooks);
        this.target = Objects.requireNonNull(target, "target");
        this.url = Objects.requireNonNull(url, "url");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.registry = Objects.requireNonNull(registry, "registry");
        AtomicInteger threads = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "pgshift-hook-" + target + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.webhook = new Webhook(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    @Override
    public void appended(AuditRecord record) {
        if (record.action() == AuditAction.HOOK_FAILED) {
            return;
        }
        HookEvent event = new HookEvent(record, target);
        for (HookConfig hook : hooks) {
            if (hook.listensTo(record.action())) {
                submit(hook, event);
            }
        }
    }

    private void submit(HookConfig hook, HookEvent event) {
        try {
            pool.execute(() -> runAndReport(hook, event));
        } catch (RejectedExecutionException e) {
            // not audited: that would block the appender, which may hold the audit chain's lock
            count(hook, HookFailure.Reason.REJECTED);
            LOG.warn("hook {} dropped for audit row {} ({}): {} hooks already queued", hook.name(),
                    event.record().id(), event.record().action(), QUEUE);
        }
    }

    /** The hook's task boundary: nothing it does may escape into the pool or the run. */
    private void runAndReport(HookConfig hook, HookEvent event) {
        Optional<HookFailure> failure;
        try {
            failure = hook.isWebhook() ? webhook.post(hook, event) : CommandHook.run(hook, event, daemonEnv);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure = Optional.of(new HookFailure(HookFailure.Reason.ERROR, "interrupted: pgshift is stopping", ""));
        } catch (Exception e) {
            failure = Optional.of(new HookFailure(HookFailure.Reason.ERROR, e.toString(), ""));
        }
        failure.ifPresent(f -> report(hook, event, f));
    }

    private void report(HookConfig hook, HookEvent event, HookFailure failure) {
        count(hook, failure.reason());
        LOG.warn("hook {} on {} (audit row {}) {}: {}", hook.name(), event.record().action(), event.record().id(),
                failure.reason().tag(), failure.detail());
        try (Connection c = Connections.open(url, "pgshift-hooks")) {
            failures.append(c, new AuditEntry("hook:" + hook.name(), AuditAction.HOOK_FAILED, event.record().runId(),
                    failure.details(hook, event)));
        } catch (SQLException | RuntimeException e) {
            LOG.error("cannot audit the failure of hook {} on audit row {}", hook.name(), event.record().id(), e);
        }
    }

    private void count(HookConfig hook, HookFailure.Reason reason) {
        registry.counter(MetricNames.HOOK_FAILURES, MetricNames.TAG_TARGET, target, MetricNames.TAG_HOOK, hook.name(),
                MetricNames.TAG_REASON, reason.tag()).increment();
    }

    /**
     * Stops taking events and waits for queued and running hooks, at most the longest hook
     * timeout plus a grace period, then interrupts what is left.
     */
    @Override
    public void close() {
        pool.shutdown();
        Duration longest = hooks.stream().map(HookConfig::timeout).max(Duration::compareTo).orElse(Duration.ZERO);
        try {
            if (!pool.awaitTermination(longest.plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
