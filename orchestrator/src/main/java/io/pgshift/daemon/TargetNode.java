package io.pgshift.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import io.pgshift.apply.LocalNode;
import io.pgshift.apply.LocalNodeSpec;
import io.pgshift.audit.AuditLog;
import io.pgshift.audit.AuditObserver;
import io.pgshift.hooks.HookDispatcher;
import io.pgshift.metrics.PgshiftMetrics;
import io.pgshift.metrics.StatePoller;
import java.util.List;
import io.pgshift.daemon.DaemonConfig.Policy;
import io.pgshift.daemon.DaemonConfig.Target;
import io.pgshift.db.Connections;
import io.pgshift.engine.EngineContext;
import io.pgshift.engine.EngineSettings;
import io.pgshift.engine.RunJobs;
import io.pgshift.ops.TargetRef;
import io.pgshift.error.ErrorCode;
import io.pgshift.error.PgshiftException;
import io.pgshift.run.TargetPolicyStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import org.quartz.SchedulerException;

/**
 * One target of the daemon: its node in the target's Quartz cluster (run drivers and backfill
 * partitions) and access to its state in the target's {@code pgshift} schema. Backfill checkpoints
 * commit in the same transaction as their batch, so a target's state must live in the target.
 */
public final class TargetNode implements AutoCloseable, io.pgshift.usecase.RunHost {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TargetNode.class);
    /** How long a readiness query may take before the database counts as not answering. */
    public static final int READY_QUERY_TIMEOUT_SECONDS = 5;
    private final Target target;
    private final LocalNode node;
    private final HookDispatcher hooks;
    private final StatePoller poller;
    private final TargetPool pool;
    private final DriverWatch drivers;

    private TargetNode(Target target, LocalNode node, HookDispatcher hooks, StatePoller poller) {
        this.target = target;
        this.node = node;
        this.hooks = hooks;
        this.poller = poller;
        this.pool = new TargetPool(target.url(), target.name());
        this.drivers = DriverWatch.start(target.name(), node.scheduler(), node.context().runs(),
                () -> pool.connect("driver-watch"));
    }

    /** Migrates the target's state schema and joins its cluster. */
    public static TargetNode start(Target target, DaemonConfig config, Clock clock, MeterRegistry registry)
            throws SQLException, SchedulerException {
        EngineSettings settings = EngineSettings.of(config.partitions(), config.driverLease());
        // Metrics and hooks hear of every audit entry of this target; neither can fail the engine.
        PgshiftMetrics metrics = new PgshiftMetrics(registry, target.name());
        HookDispatcher hooks = new HookDispatcher(config.hooks(), target.name(), target.url(), new AuditLog(clock), registry);
        LocalNode node;
        try {
            node = LocalNode.start(new LocalNodeSpec(target.url(), target.url(), config.node(), config.threads(), settings,
                    clock, registry, AuditObserver.all(List.of(metrics, hooks))));
        } catch (SQLException | SchedulerException | RuntimeException e) {
            hooks.close();
            throw e;
        }
        metrics.monitor(node.context().audit());
        try {
            node.enableAutomaticCleanup();
            try (Connection c = Connections.open(target.url(), "pgshift-daemon-start")) {
                // the target keeps its policy, so that every path (another daemon, a local apply) finds it
                if (TargetPolicyStore.record(c, c, node.context().audit(), target.policy().stored(),
                        "daemon " + config.node())) {
                    LOG.info("target {}: policy recorded: {}", target.name(), target.policy().stored().describe());
                }
                List<Long> resumed = RunJobs.resumeWorking(node.scheduler(), c, node.context().runs());
                if (!resumed.isEmpty()) {
                    LOG.info("target {}: carrying on runs {}", target.name(), resumed);
                }
            }
        } catch (SchedulerException | SQLException | RuntimeException e) {
            node.close();
            hooks.close();
            throw e;
        }
        return new TargetNode(target, node, hooks, StatePoller.start(registry, target.name(), target.url()));
    }

    @Override
    public String name() {
        return target.name();
    }

    /** The target as the operations toolkit (status, diff, backup, baseline, preflight) takes it. */
    public TargetRef ref() {
        return ConfiguredTargets.ref(target);
    }

    /**
     * The target's policy as stored with it (the last daemon to start recorded its configuration's,
     * audited), read at each use: every node enforces the same one. The configuration's until a
     * policy is stored.
     */
    public Policy policy() {
        try (Connection c = connect("policy")) {
            return TargetPolicyStore.read(c).map(Policy::of).orElse(target.policy());
        } catch (SQLException e) {
            throw new PgshiftException(ErrorCode.DATABASE, "cannot read the policy of target " + target.name() + ": "
                    + e.getMessage(), e);
        }
    }

    /** Stores, audit log and backfill service of this target, with this node's name. */
    @Override
    public EngineContext context() {
        return node.context();
    }

    /** A session of the target's small pool, as fresh as a new one (see {@link TargetPool}); close it to give it back. */
    @Override
    public Connection connect(String purpose) throws SQLException {
        return pool.connect(purpose);
    }

    /**
     * A pooled session on which PostgreSQL refuses every write ({@link TargetPool#connect(String, boolean)}): what the
     * routes a viewer may call read with, so that their requests change nothing.
     */
    public Connection connectReadOnly(String purpose) throws SQLException {
        return pool.connect(purpose, true);
    }

    /** Has the run's driver fired on the cluster now (any node may pick it up); idempotent. */
    public void scheduleDriver(long runId) throws SchedulerException {
        RunJobs.schedule(node.scheduler(), runId);
    }

    @Override
    public void startDriver(long runId) throws SchedulerException {
        scheduleDriver(runId);
    }

    /** Empty when ready; otherwise why not (node stopped, database not answering). */
    public Optional<String> notReady() {
        try {
            if (!node.scheduler().isStarted() || node.scheduler().isShutdown() || node.scheduler().isInStandbyMode()) {
                return Optional.of("its node is not running");
            }
        } catch (SchedulerException e) {
            return Optional.of("its node cannot be asked: " + e.getMessage());
        }
        // a login of its own, not the pool's: readiness is whether a new session gets in now
        try (Connection c = Connections.open(target.url(), "pgshift-daemon-ready"); Statement s = c.createStatement()) {
            s.setQueryTimeout(READY_QUERY_TIMEOUT_SECONDS);
            s.execute("SELECT 1");
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of("its database does not answer: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.split("\n", 2)[0];
    }

    @Override
    public void close() throws SchedulerException {
        drivers.close();
        try {
            node.close();
        } finally {
            poller.close();
            hooks.close();
            pool.close();
        }
    }
}
